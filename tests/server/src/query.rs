//! PHP-array style parameters (`contain[permission]=1&filter[has-id][]=...`), as CakePHP reads
//! query strings, urlencoded forms and multipart field names, into a JSON tree.

use serde_json::{Map, Value};

/// Decodes `%XX` and `+` (application/x-www-form-urlencoded).
pub fn url_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len()
                && b[i + 1].is_ascii_hexdigit()
                && b[i + 2].is_ascii_hexdigit() =>
            {
                let hex = [b[i + 1], b[i + 2]];
                out.push(
                    u8::from_str_radix(std::str::from_utf8(&hex).unwrap_or("00"), 16).unwrap_or(0),
                );
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

/// Parses `a=1&b[c]=2&d[]=3` into `{"a":"1","b":{"c":"2"},"d":["3"]}`.
pub fn parse(query: &str) -> Value {
    let mut root = Value::Object(Map::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        insert(&mut root, &url_decode(k), Value::String(url_decode(v)));
    }
    root
}

/// Inserts `value` at a PHP-array key such as `data[gpg_auth][keyid]` or `ids[]`.
pub fn insert(root: &mut Value, key: &str, value: Value) {
    let (base, rest) = match key.find('[') {
        Some(i) if key.ends_with(']') => (&key[..i], &key[i..]),
        _ => (key, ""),
    };
    let mut path: Vec<&str> = vec![base];
    let mut r = rest;
    while let Some(stripped) = r.strip_prefix('[') {
        match stripped.find(']') {
            Some(end) => {
                path.push(&stripped[..end]);
                r = &stripped[end + 1..];
            }
            None => break,
        }
    }
    let mut node = root;
    for (i, seg) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        if seg.is_empty() && i > 0 {
            if !node.is_array() {
                *node = Value::Array(Vec::new());
            }
            let arr = node.as_array_mut().expect("array");
            if last {
                arr.push(value);
                return;
            }
            arr.push(Value::Object(Map::new()));
            node = arr.last_mut().expect("pushed");
            continue;
        }
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        let obj = node.as_object_mut().expect("object");
        if last {
            obj.insert(seg.to_string(), value);
            return;
        }
        node = obj.entry(seg.to_string()).or_insert(Value::Null);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn php_arrays() {
        let v = parse("contain%5Bpermission%5D=1&filter[has-id][]=a&filter[has-id][]=b&api-version=v2&q=a+b%2Fc");
        assert_eq!(
            v,
            json!({"contain": {"permission": "1"}, "filter": {"has-id": ["a", "b"]}, "api-version": "v2", "q": "a b/c"})
        );
    }

    #[test]
    fn form_field_names() {
        let mut v = json!({});
        insert(&mut v, "data[gpg_auth][keyid]", json!("ABC"));
        assert_eq!(v, json!({"data": {"gpg_auth": {"keyid": "ABC"}}}));
    }
}
