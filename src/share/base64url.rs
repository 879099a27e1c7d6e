//! Unpadded base64url (RFC 4648 §5): the alphabet that survives a URL fragment untouched.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes bytes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            if let Some(&c) = ALPHABET.get(idx) {
                out.push(char::from(c));
            }
        }
    }
    out
}

fn value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Decodes unpadded base64url; the error names the first bad character and its position.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| !c.is_ascii() || value(c as u8).is_none())
    {
        return Err(format!("character '{c}' at position {at} is not base64url"));
    }
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(format!("{} characters cannot be base64url", bytes.len()));
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for (ci, chunk) in bytes.chunks(4).enumerate() {
        let mut n: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = value(c).ok_or_else(|| format!("bad character at {}", ci * 4 + i))?;
            n |= v << (18 - 6 * i);
        }
        let produced = chunk.len().saturating_sub(1);
        for i in 0..produced {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors_without_padding() {
        let cases: &[(&[u8], &str)] = &[
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
            (&[0xfb, 0xff], "-_8"),
        ];
        for (raw, text) in cases {
            assert_eq!(encode(raw), *text);
            assert_eq!(decode(text).as_deref(), Ok(*raw), "{text}");
        }
    }

    #[test]
    fn bad_input_is_named() {
        let cases = [
            ("Zm9vY", "5 characters cannot be base64url"),
            ("Zm9v=", "character '=' at position 4 is not base64url"),
            ("Zm+v", "character '+' at position 2 is not base64url"),
            ("Zé9v", "character 'é' at position 1 is not base64url"),
        ];
        for (text, want) in cases {
            assert_eq!(decode(text), Err(want.to_owned()), "{text}");
        }
    }
}
