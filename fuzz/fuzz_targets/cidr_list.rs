#![no_main]

#[path = "../checks/cidr_list.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check(data));
