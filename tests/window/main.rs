//! The window, driven headless through egui_kittest as a user would: by labels, clicks and
//! keys. No display needed.

#[path = "../common/mod.rs"]
mod common;
mod fixture;

mod files;
mod imported;
mod insights;
mod journeys;
mod launch;
mod layout;
mod publish;
mod records;
mod review;
mod safety;
mod team;
