//! Authenticated encryption for everything secret at rest (consumer secret, OAuth tokens).
//!
//! AES-256-GCM with a random 96-bit nonce per value. The associated data names what a value is
//! (for example `token:alice:refresh`), so a ciphertext copied into another row or column fails
//! to decrypt instead of being accepted.

use aes_gcm::{
    Aes256Gcm, KeyInit, Nonce,
    aead::{Aead, Payload},
};
use base64::{Engine, engine::general_purpose::STANDARD};
use std::{fs, io::Write, path::Path};

const NONCE_LEN: usize = 12;
const KEY_LEN: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the encryption key must be {KEY_LEN} bytes of base64, got {0} bytes")]
    BadKeyLength(usize),
    #[error("the encryption key is not valid base64")]
    BadKeyEncoding,
    #[error("the key file {path} could not be used: {source}")]
    KeyFile { path: String, source: std::io::Error },
    #[error(
        "the key file {path} can be read or changed by other users (mode {mode:o}); make it private to the service user: chmod 600 {path}"
    )]
    KeyFileShared { path: String, mode: u32 },
    #[error("a stored secret could not be decrypted (wrong key or tampered data)")]
    Decrypt,
    #[error("the system random number generator failed")]
    Random,
}

/// Encrypts and decrypts secrets with the installation's key. Cheap to clone.
#[derive(Clone)]
pub struct SecretBox {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

impl SecretBox {
    pub fn from_key(key: &[u8]) -> Result<Self, CryptoError> {
        let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| CryptoError::BadKeyLength(key.len()))?;
        Ok(Self { cipher })
    }

    /// A key given in configuration, as base64.
    pub fn from_base64(encoded: &str) -> Result<Self, CryptoError> {
        let key = STANDARD.decode(encoded.trim()).map_err(|_| CryptoError::BadKeyEncoding)?;
        Self::from_key(&key)
    }

    /// Reads the key file, creating it with a fresh random key (mode 0600) if it does not exist.
    pub fn from_key_file(path: &Path) -> Result<Self, CryptoError> {
        let file_error = |source| CryptoError::KeyFile { path: path.display().to_string(), source };
        match fs::symlink_metadata(path) {
            Ok(_) => Self::from_existing_key_file(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; KEY_LEN];
                getrandom::fill(&mut key).map_err(|_| CryptoError::Random)?;
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).map_err(file_error)?;
                }
                let mut options = fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(path).map_err(file_error)?;
                file.write_all(STANDARD.encode(key).as_bytes()).map_err(file_error)?;
                file.sync_all().map_err(file_error)?;
                Self::from_key(&key)
            }
            Err(e) => Err(file_error(e)),
        }
    }

    /// Reads a key file an operator provides (e.g. a mounted secret). Like the generated one, it
    /// must not be readable or writable by other users: a key anyone on the machine can read
    /// protects nothing.
    pub fn from_existing_key_file(path: &Path) -> Result<Self, CryptoError> {
        let file_error = |source| CryptoError::KeyFile { path: path.display().to_string(), source };
        let metadata = fs::metadata(path).map_err(file_error)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(CryptoError::KeyFileShared { path: path.display().to_string(), mode });
            }
        }
        #[cfg(not(unix))]
        let _ = metadata;
        Self::from_base64(&fs::read_to_string(path).map_err(file_error)?)
    }

    /// Encrypts `plaintext`; `purpose` must be given again to decrypt.
    pub fn seal(&self, purpose: &str, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|_| CryptoError::Random)?;
        let ciphertext = self
            .cipher
            .encrypt(&Nonce::from(nonce), Payload { msg: plaintext, aad: purpose.as_bytes() })
            .map_err(|_| CryptoError::Random)?;
        let mut sealed = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    pub fn open(&self, purpose: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < NONCE_LEN {
            return Err(CryptoError::Decrypt);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| CryptoError::Decrypt)?;
        self.cipher
            .decrypt(&Nonce::from(nonce), Payload { msg: ciphertext, aad: purpose.as_bytes() })
            .map_err(|_| CryptoError::Decrypt)
    }

    pub fn open_string(&self, purpose: &str, sealed: &[u8]) -> Result<String, CryptoError> {
        String::from_utf8(self.open(purpose, sealed)?).map_err(|_| CryptoError::Decrypt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret_box() -> SecretBox {
        SecretBox::from_key(&[7u8; KEY_LEN]).unwrap()
    }

    #[test]
    fn sealed_values_round_trip_and_hide_the_plaintext() {
        let sealed = secret_box().seal("consumer_secret", b"s3cr3t-value").unwrap();
        assert!(!sealed.windows(6).any(|w| w == b"s3cr3t"));
        assert_eq!(secret_box().open_string("consumer_secret", &sealed).unwrap(), "s3cr3t-value");
    }

    #[test]
    fn a_value_moved_to_another_purpose_does_not_open() {
        let sealed = secret_box().seal("token:alice", b"x").unwrap();
        assert!(matches!(secret_box().open("token:bob", &sealed), Err(CryptoError::Decrypt)));
    }

    #[test]
    fn tampering_is_detected() {
        let mut sealed = secret_box().seal("p", b"value").unwrap();
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(secret_box().open("p", &sealed).is_err());
        assert!(secret_box().open("p", &[1, 2, 3]).is_err());
    }

    #[test]
    fn the_key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/secret.key");
        let first = SecretBox::from_key_file(&path).unwrap();
        let sealed = first.seal("p", b"value").unwrap();
        let second = SecretBox::from_key_file(&path).unwrap();
        assert_eq!(second.open("p", &sealed).unwrap(), b"value");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    /// Issue 19 item 12: a key file others can read is refused, generated or given.
    #[cfg(unix)]
    #[test]
    fn a_key_file_readable_by_others_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.key");
        SecretBox::from_key_file(&path).unwrap();
        assert!(SecretBox::from_existing_key_file(&path).is_ok());
        for mode in [0o644, 0o640, 0o602] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            let error = SecretBox::from_key_file(&path).unwrap_err().to_string();
            assert!(error.contains("chmod 600"), "{error}");
            assert!(SecretBox::from_existing_key_file(&path).is_err());
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
        assert!(SecretBox::from_existing_key_file(&path).is_ok());
        assert!(SecretBox::from_existing_key_file(&dir.path().join("missing.key")).is_err(), "never generated");
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(matches!(SecretBox::from_base64("c2hvcnQ="), Err(CryptoError::BadKeyLength(5))));
        assert!(matches!(SecretBox::from_base64("%%%"), Err(CryptoError::BadKeyEncoding)));
    }
}
