//! The command line of the examples that take no options, or only `--seed N`: `--help` (or
//! `-h`) prints what the example does and how to run it; anything else is an error with exit
//! status 2, never silently ignored. (`linear_regression`, which has more options, parses its
//! own with the same conventions.)

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Request {
    /// Run, with this seed.
    Run(u64),
    /// Print the help and stop.
    Help,
}

/// Parses `args` (without the program name): `--help`, and `--seed N` where `takes_seed`.
pub fn parse(
    args: impl IntoIterator<Item = String>,
    takes_seed: bool,
    default_seed: u64,
) -> Result<Request, String> {
    let mut seed = default_seed;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => return Ok(Request::Help),
            "--seed" if takes_seed => seed = seed_value(args.next())?,
            other => {
                let expected = if takes_seed { "--seed N or --help" } else { "no arguments, or --help" };
                return Err(format!("unknown argument `{other}` (expected {expected})"));
            }
        }
    }
    Ok(Request::Run(seed))
}

/// The number after `--seed` (also for `linear_regression`'s own parser).
pub fn seed_value(value: Option<String>) -> Result<u64, String> {
    let v = value.ok_or("--seed needs a number")?;
    v.parse().map_err(|_| format!("--seed needs a number, found `{v}`"))
}

/// The example's command line: returns the seed to run with, or prints `about` and exits
/// (status 0 for `--help`, 2 for a wrong argument).
pub fn seed_or_exit(about: &str, takes_seed: bool, default_seed: u64) -> u64 {
    match parse(std::env::args().skip(1), takes_seed, default_seed) {
        Ok(Request::Run(seed)) => seed,
        Ok(Request::Help) => {
            println!("{about}");
            std::process::exit(0)
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{about}");
            std::process::exit(2)
        }
    }
}

/// For an example without options.
#[allow(dead_code, reason = "each example uses one of the two entry points")]
pub fn no_options(about: &str) {
    seed_or_exit(about, false, 0);
}
