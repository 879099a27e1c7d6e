//! The web app: mounts the configurator.

fn main() {
    periscope_netpol::ui::mount();
}
