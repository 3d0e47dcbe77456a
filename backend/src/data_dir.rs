//! The data folder holds the SQLite database (encrypted tokens, sessions) and the generated
//! key: it belongs to the service user alone (mode 700), whoever created it.

use std::{io, path::Path};

/// Creates the folder private, or makes an existing one private (it is ours: a folder that
/// other users can list or write lets them swap the key file or read the database).
pub fn prepare(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
            tracing::info!(path = %path.display(), from = format!("{mode:o}"), "made the data folder private to the service user");
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_data_folder_is_private_new_or_existing() {
        let root = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let fresh = root.path().join("a/data");
        prepare(&fresh).unwrap();
        assert_eq!(mode(&fresh), 0o700);
        let shared = root.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
        prepare(&shared).unwrap();
        assert_eq!(mode(&shared), 0o700);
    }
}
