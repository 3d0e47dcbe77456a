//! Salesforce record ids: a 3-character key prefix naming the object, 12 base-62 characters,
//! and the 3-character case-safe checksum that turns a 15-character id into the 18-character
//! form the API returns.

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CHECKSUM_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// The 18-character id of the `serial`-th record with `key_prefix`, always the same.
pub fn make(key_prefix: &str, serial: u64) -> String {
    // "Dm" plays the part of the instance/pod characters of a real id.
    let mut body = [b'0'; 10];
    let mut n = serial;
    for slot in body.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    let id15 = format!("{key_prefix}Dm{}", std::str::from_utf8(&body).expect("ascii"));
    with_checksum(&id15)
}

/// Appends the case-safe checksum to a 15-character id.
pub fn with_checksum(id15: &str) -> String {
    let bytes = id15.as_bytes();
    let mut id = id15.to_owned();
    for chunk in bytes.chunks(5) {
        let bits =
            chunk.iter().enumerate().fold(0usize, |acc, (i, c)| acc | (usize::from(c.is_ascii_uppercase()) << i));
        id.push(CHECKSUM_ALPHABET[bits] as char);
    }
    id
}

/// Whether `id` is a well-formed 15- or 18-character id (18: with a correct checksum).
pub fn is_valid(id: &str) -> bool {
    match id.len() {
        15 => id.bytes().all(|b| b.is_ascii_alphanumeric()),
        18 => id.bytes().all(|b| b.is_ascii_alphanumeric()) && with_checksum(&id[..15]) == id,
        _ => false,
    }
}

/// The 18-character form of a 15- or 18-character id (case-insensitive match on 18).
pub fn to_18(id: &str) -> Option<String> {
    match id.len() {
        15 if is_valid(id) => Some(with_checksum(id)),
        18 if id.bytes().all(|b| b.is_ascii_alphanumeric()) => Some(with_checksum(&id[..15])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_matches_salesforce_examples() {
        // Documented pairs from Salesforce material.
        assert_eq!(with_checksum("001D000000IqhSL"), "001D000000IqhSLIAZ");
        assert_eq!(with_checksum("005D0000001QX8W"), "005D0000001QX8WIAW");
    }

    #[test]
    fn generated_ids_are_18_characters_with_the_right_prefix() {
        let id = make("00Q", 4711);
        assert_eq!(id.len(), 18);
        assert!(id.starts_with("00Q"));
        assert!(is_valid(&id));
        assert_ne!(make("00Q", 4712), id);
        assert_eq!(to_18(&id[..15]).as_deref(), Some(id.as_str()));
    }
}
