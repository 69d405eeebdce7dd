//! Reading the objects of a response body field by field, naming the path of any field that is
//! missing or of the wrong type ([`ApiError::Malformed`]). Unlike serde's messages, ours never
//! quote the offending value.

use serde_json::{Map, Value};

use serde::Serialize;

use super::api_error::ApiError;
use super::field_rules::is_uuid;
use super::http::Request;

/// Sets a request's body to the JSON of `body` (derived structs keep the field order).
pub(crate) fn with_json_body<T: Serialize>(
    request: Request,
    body: &T,
) -> Result<Request, ApiError> {
    let text = serde_json::to_string(body).map_err(|_| {
        ApiError::Crypto(crate::pgp::PgpError::Internal {
            operation: "serialise the request body",
        })
    })?;
    Ok(request.body(text))
}

/// A JSON object and its dotted path in the envelope (`body`, `body.2.permission`).
#[derive(Clone)]
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

/// An owned path and the object it names, for list items.
pub(crate) struct Item<'a> {
    pub(crate) value: &'a Value,
    pub(crate) path: String,
}

impl<'a> Item<'a> {
    pub(crate) fn obj(&self) -> Result<Obj<'a>, ApiError> {
        Obj::of(self.value, &self.path)
    }
}

/// The items of a JSON list, each with its path (`body.0`, `body.1`...).
pub(crate) fn items<'a>(value: &'a Value, path: &str) -> Result<Vec<Item<'a>>, ApiError> {
    let list = value
        .as_array()
        .ok_or_else(|| ApiError::malformed(path, "a list"))?;
    Ok(list
        .iter()
        .enumerate()
        .map(|(i, value)| Item {
            value,
            path: format!("{path}.{i}"),
        })
        .collect())
}

fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null())
}

impl<'a> Obj<'a> {
    /// The object at `path`, or [`ApiError::Malformed`] when the value is not an object.
    pub(crate) fn of(value: &'a Value, path: &str) -> Result<Self, ApiError> {
        value
            .as_object()
            .map(|map| Obj {
                map,
                path: path.to_owned(),
            })
            .ok_or_else(|| ApiError::malformed(path, "an object"))
    }

    /// The dotted path of this object.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    pub(crate) fn field_path(&self, field: &str) -> String {
        format!("{}.{field}", self.path)
    }

    fn bad(&self, field: &str, expected: &'static str) -> ApiError {
        ApiError::malformed(self.field_path(field), expected)
    }

    /// The raw value of a field, if present and not null.
    pub(crate) fn get(&self, field: &str) -> Option<&'a Value> {
        present(self.map.get(field))
    }

    pub(crate) fn str(&self, field: &str) -> Result<&'a str, ApiError> {
        self.opt_str(field)?
            .ok_or_else(|| self.bad(field, "a string"))
    }

    pub(crate) fn opt_str(&self, field: &str) -> Result<Option<&'a str>, ApiError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.bad(field, "a string")),
        }
    }

    pub(crate) fn string(&self, field: &str) -> Result<String, ApiError> {
        self.str(field).map(str::to_owned)
    }

    pub(crate) fn opt_string(&self, field: &str) -> Result<Option<String>, ApiError> {
        Ok(self.opt_str(field)?.map(str::to_owned))
    }

    pub(crate) fn uuid(&self, field: &str) -> Result<String, ApiError> {
        self.opt_uuid(field)?
            .ok_or_else(|| self.bad(field, "a UUID"))
    }

    pub(crate) fn opt_uuid(&self, field: &str) -> Result<Option<String>, ApiError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) if is_uuid(s) => Ok(Some(s.clone())),
            Some(_) => Err(self.bad(field, "a UUID")),
        }
    }

    /// A boolean; PHP backends may render them as 0/1, which are accepted too.
    pub(crate) fn opt_bool(&self, field: &str) -> Result<Option<bool>, ApiError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::Number(n)) if n.as_u64() == Some(0) => Ok(Some(false)),
            Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(Some(true)),
            Some(_) => Err(self.bad(field, "true or false")),
        }
    }

    pub(crate) fn u64(&self, field: &str) -> Result<u64, ApiError> {
        self.get(field)
            .and_then(Value::as_u64)
            .ok_or_else(|| self.bad(field, "a non-negative integer"))
    }

    pub(crate) fn obj(&self, field: &str) -> Result<Obj<'a>, ApiError> {
        self.opt_obj(field)?
            .ok_or_else(|| self.bad(field, "an object"))
    }

    pub(crate) fn opt_obj(&self, field: &str) -> Result<Option<Obj<'a>>, ApiError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Obj {
                map,
                path: self.field_path(field),
            })),
            Some(_) => Err(self.bad(field, "an object")),
        }
    }

    /// The items of a list field (absent or null gives `None`).
    pub(crate) fn opt_items(&self, field: &str) -> Result<Option<Vec<Item<'a>>>, ApiError> {
        match self.get(field) {
            None => Ok(None),
            Some(value) => items(value, &self.field_path(field)).map(Some),
        }
    }
}
