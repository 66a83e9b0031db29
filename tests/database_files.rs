//! What netcrm leaves on disk around the database: folders it creates, files of other
//! programs it refuses, read-only databases it reads without leaving files, writes cut
//! short by a file-size limit, and leftovers of a run that was killed (issue 23).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::*;

/// The permission bits of `path`.
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `netcrm ARGS` run through `sh` with `prelude` (`umask 000`, `ulimit -f 100`) first.
fn through_shell(env: &Env, prelude: &str, args: &[&str]) -> std::process::Command {
    let netcrm = env.std_cmd(args);
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(format!("{prelude}; exec \"$0\" \"$@\"")).arg(netcrm.get_program()).args(args);
    cmd.env_clear();
    for (key, value) in netcrm.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.current_dir(env.dir());
    cmd
}

// ---------------------------------------------------------------------------------
// folders netcrm creates

#[test]
fn database_folders_netcrm_creates_are_private_whatever_the_umask() {
    let env = Env::new();
    let existing = env.dir().join("existing");
    std::fs::create_dir(&existing).unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = existing.join("new").join("deeper").join("netcrm.db");
    let mut cmd = through_shell(&env, "umask 000", &["add", "Ada Lovelace"]);
    cmd.env("NETCRM_DB", &db);
    succeeds(&mut assert_cmd::Command::from_std(cmd));
    assert_eq!(mode(&existing.join("new")), 0o700);
    assert_eq!(mode(&existing.join("new").join("deeper")), 0o700);
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&existing), 0o755, "a folder that was there is left as it was");

    // The default place: every folder of ~/.local/share/netcrm that netcrm makes.
    let mut cmd = through_shell(&env, "umask 000", &["list"]);
    cmd.env_remove("NETCRM_DB");
    succeeds(&mut assert_cmd::Command::from_std(cmd));
    for folder in [".local", ".local/share", ".local/share/netcrm"] {
        assert_eq!(mode(&env.dir().join(folder)), 0o700, "{folder}");
    }
    assert_eq!(mode(&env.dir().join(".local/share/netcrm/netcrm.db")), 0o600);
}
