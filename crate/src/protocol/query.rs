//! Query options in the server's PHP-array conventions: `contain[permission]=1`,
//! `filter[is-favorite]=0`, lists as repeated `filter[has-id][]=<uuid>`, booleans as `"1"`/`"0"`
//! (`../shared/protocol.md` §1.1). Each endpoint module offers typed options on top of this.

use super::http::{percent_encode, Request};

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
