//! Running commands: echo them, fail with the command's name when they fail.

use std::process::{Command, Stdio};

pub fn cmd(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(crate::root());
    c
}

pub fn run(mut c: Command) -> Result<(), String> {
    eprintln!("$ {}", describe(&c));
    let status = c.status().map_err(|e| format!("cannot start {}: {e}", describe(&c)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(&c)))
    }
}

/// Runs quietly and returns stdout, or `None` when the program is missing or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}
