//! Query options in the server's PHP-array conventions: `contain[permission]=1`,
//! `filter[is-favorite]=0`, lists as repeated `filter[has-id][]=<uuid>`, booleans as `"1"`/`"0"`
//! (`../shared/protocol.md` §1.1). Each endpoint module offers typed options on top of this.

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::api_error::ApiError;
use super::field_rules::FieldViolation;
use super::http::{percent_encode, Method, Request};

/// How many ids the extension puts in one `filter[has-id][]` request, to keep URLs short.
pub const HAS_ID_CHUNK: usize = 80;

/// A boolean as the extension sends it: `"1"` or `"0"`.
pub fn flag(value: bool) -> &'static str {
    if value {
        "1"
    } else {
        "0"
    }
}

/// An ordered list of query pairs, built option by option.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryOptions {
    pairs: Vec<(String, String)>,
}

impl QueryOptions {
    /// No options.
    pub fn new() -> Self {
        QueryOptions::default()
    }

    /// `contain[<name>]=1` (or `=0`).
    pub fn contain(mut self, name: &str, on: bool) -> Self {
        self.pairs
            .push((format!("contain[{name}]"), flag(on).into()));
        self
    }

    /// `filter[<name>]=<value>`.
    pub fn filter(mut self, name: &str, value: impl Into<String>) -> Self {
        self.pairs.push((format!("filter[{name}]"), value.into()));
        self
    }

    /// `filter[<name>]=1` (or `=0`).
    pub fn filter_bool(self, name: &str, value: bool) -> Self {
        self.filter(name, flag(value))
    }

    /// `filter[<name>][]=<value>` once per value, in order. An empty list adds nothing.
    pub fn filter_list<S: AsRef<str>>(mut self, name: &str, values: &[S]) -> Self {
        for value in values {
            self.pairs
                .push((format!("filter[{name}][]"), value.as_ref().to_owned()));
        }
        self
    }

    /// Any other pair (`limit`, `page`, `sort`, `direction`).
    pub fn pair(mut self, name: &str, value: impl Into<String>) -> Self {
        self.pairs.push((name.to_owned(), value.into()));
        self
    }

    /// The pairs, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Appends the pairs to a request's query.
    pub fn apply(self, mut request: Request) -> Request {
        request.query.extend(self.pairs);
        request
    }
}

/// The value of one `filter[<name>]` of a [`ListQuery`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum FilterValue {
    /// `filter[<name>]=1` or `=0`.
    Flag(bool),
    /// `filter[<name>]=<integer>`, e.g. a `modified-after` timestamp.
    Integer(i64),
    /// `filter[<name>]=<text>`.
    Text(String),
    /// `filter[<name>][]=<item>`, once per item (nothing for an empty list).
    List(Vec<String>),
}

/// A list query as plain data, for callers that build it from JSON (the JS export): each
/// `contain` name becomes `contain[<name>]=1`, then each filter, in the order given, as its
/// [`FilterValue`] says. The server ignores names outside an endpoint's whitelist.
///
/// It deserialises from an object with the optional fields `contain` (a list of names) and
/// `filter` (an object of [`FilterValue`]s); any other field is an error, so that a typo does
/// not silently drop a filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// The associations to include.
    pub contain: Vec<String>,
    /// The filters, in order.
    pub filter: Vec<(String, FilterValue)>,
}

impl ListQuery {
    /// The query options, after checking the names: not empty and without `[` or `]`
    /// (which would make another PHP array key than the one named).
    ///
    /// Errors: [`ApiError::InvalidInput`] naming each bad name by its place
    /// (`contain.0`, `filter.2`), with the rule `pattern`.
    pub fn options(&self) -> Result<QueryOptions, ApiError> {
        let bad_name = |name: &str| name.is_empty() || name.contains(['[', ']']);
        let mut violations = Vec::new();
        let mut report = |path: String| {
            violations.push(FieldViolation {
                message: format!("{path} must be a name that is not empty and has no [ or ]"),
                path,
                rule: "pattern",
            })
        };
        for (i, name) in self.contain.iter().enumerate() {
            if bad_name(name) {
                report(format!("contain.{i}"));
            }
        }
        for (i, (name, _)) in self.filter.iter().enumerate() {
            if bad_name(name) {
                report(format!("filter.{i}"));
            }
        }
        if !violations.is_empty() {
            return Err(ApiError::InvalidInput { violations });
        }
        let mut options = self
            .contain
            .iter()
            .fold(QueryOptions::new(), |q, name| q.contain(name, true));
        for (name, value) in &self.filter {
            options = match value {
                FilterValue::Flag(on) => options.filter_bool(name, *on),
                FilterValue::Integer(n) => options.filter(name, n.to_string()),
                FilterValue::Text(text) => options.filter(name, text.clone()),
                FilterValue::List(items) => options.filter_list(name, items),
            };
        }
        Ok(options)
    }

    /// `GET <path>` with this query (and `api-version=v2`), e.g. `/resources.json`.
    ///
    /// Errors: [`ApiError::InvalidInput`] for a bad name (see [`ListQuery::options`]) or a
    /// path that does not start with `/` or has a `?` or `#`.
    pub fn request(&self, path: &str) -> Result<Request, ApiError> {
        if !path.starts_with('/') || path.contains(['?', '#']) {
            return Err(ApiError::InvalidInput {
                violations: vec![FieldViolation {
                    path: "path".into(),
                    rule: "pattern",
                    message: "path must start with / and have no ? or #".into(),
                }],
            });
        }
        Ok(self.options()?.apply(Request::new(Method::Get, path)))
    }

    /// The path with its percent-encoded query string (see [`Request::path_and_query`]).
    ///
    /// Errors: those of [`ListQuery::request`].
    pub fn path_and_query(&self, path: &str) -> Result<String, ApiError> {
        Ok(self.request(path)?.path_and_query())
    }
}

/// Read as a map, not a struct: some deserialisers (serde-wasm-bindgen) look up a struct's
/// fields by name and never show the others, which would hide an unknown field.
impl<'de> Deserialize<'de> for ListQuery {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = ListQuery;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with `contain` and `filter`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListQuery, A::Error> {
                let mut query = ListQuery::default();
                while let Some(name) = map.next_key::<String>()? {
                    match name.as_str() {
                        "contain" => query.contain = map.next_value()?,
                        "filter" => query.filter = map.next_value::<OrderedFilters>()?.0,
                        _ => {
                            return Err(serde::de::Error::unknown_field(
                                &name,
                                &["contain", "filter"],
                            ))
                        }
                    }
                }
                Ok(query)
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// The filters of a JSON object in its own order (a JS object's insertion order), which a
/// map type would not keep.
struct OrderedFilters(Vec<(String, FilterValue)>);

impl<'de> Deserialize<'de> for OrderedFilters {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = OrderedFilters;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of filters: booleans, integers, strings or lists of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedFilters, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, FilterValue>()? {
                    out.push(entry);
                }
                Ok(OrderedFilters(out))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

/// Splits a list of ids into the chunks of [`HAS_ID_CHUNK`] the extension requests at a time.
pub fn chunk_ids<S>(ids: &[S]) -> std::slice::Chunks<'_, S> {
    ids.chunks(HAS_ID_CHUNK)
}

/// An id as a path segment, percent-encoded so that no value can leave its segment
/// (`../`, `?`, `#`): the server answers 400 or 404 for a malformed id.
pub(crate) fn path_id(id: &str) -> String {
    percent_encode(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::http::Method;

    #[test]
    fn contains_and_filters_use_php_array_keys_and_1_0_booleans() {
        let q = QueryOptions::new()
            .contain("permission", true)
            .contain("secret", false)
            .filter_bool("is-favorite", true)
            .filter_list("has-id", &["a", "b"])
            .filter("modified-after", "1794737786");
        let r = q.apply(Request::new(Method::Get, "/resources.json"));
        assert_eq!(
            r.path_and_query(),
            "/resources.json?contain%5Bpermission%5D=1&contain%5Bsecret%5D=0&filter%5Bis-favorite%5D=1\
             &filter%5Bhas-id%5D%5B%5D=a&filter%5Bhas-id%5D%5B%5D=b&filter%5Bmodified-after%5D=1794737786&api-version=v2"
        );
    }

    #[test]
    fn list_queries_keep_their_order_and_refuse_bad_names() {
        let query: ListQuery = serde_json::from_str(
            r#"{"contain": ["permission", "favorite"], "filter": {"modified-after": 1794737786, "is-deleted": false, "has-id": ["a", "b"], "search": "x y"}}"#,
        )
        .unwrap();
        assert_eq!(
            query.path_and_query("/gpgkeys.json").unwrap(),
            "/gpgkeys.json?contain%5Bpermission%5D=1&contain%5Bfavorite%5D=1\
             &filter%5Bmodified-after%5D=1794737786&filter%5Bis-deleted%5D=0\
             &filter%5Bhas-id%5D%5B%5D=a&filter%5Bhas-id%5D%5B%5D=b&filter%5Bsearch%5D=x%20y&api-version=v2"
        );
        let bad = ListQuery {
            contain: vec!["".into(), "ok".into()],
            filter: vec![("has-id][".into(), FilterValue::Flag(true))],
        };
        let Err(ApiError::InvalidInput { violations }) = bad.request("/resources.json") else {
            panic!("accepted");
        };
        let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["contain.0", "filter.0"]);
        for path in ["resources.json", "/a.json?x=1", "/a#b"] {
            assert!(ListQuery::default().request(path).is_err(), "{path}");
        }
        for bad in [
            r#"{"filter": {"x": 1.5}}"#,
            r#"{"filter": {"x": [1]}}"#,
            r#"{"filter": {"x": null}}"#,
            r#"{"contain": "permission"}"#,
            r#"{"order": []}"#,
        ] {
            assert!(serde_json::from_str::<ListQuery>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_cannot_leave_their_path_segment() {
        assert_eq!(path_id("../users/me.json?x"), "..%2Fusers%2Fme.json%3Fx");
    }

    #[test]
    fn has_id_lists_are_chunked_by_80() {
        let ids: Vec<String> = (0..161).map(|i| i.to_string()).collect();
        let sizes: Vec<usize> = chunk_ids(&ids).map(<[String]>::len).collect();
        assert_eq!(sizes, vec![80, 80, 1]);
        assert_eq!(chunk_ids::<String>(&[]).count(), 0);
    }
}
