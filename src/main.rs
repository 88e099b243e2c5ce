//! `fangtan`: see `fangtan --help`. Everything lives in the library; this only sets the exit
//! code.

fn main() {
    std::process::exit(fangtan::cli::main());
}
