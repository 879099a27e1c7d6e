//! Browser glue for the preview: the clipboard, text selection and file downloads.
//!
//! Every call into the page goes through a `Result` or `Option`: a missing API, a refused
//! permission or a detached element becomes a [`BrowserError`] for the status line, never
//! a panic or an uncaught JavaScript exception (either would kill the widget).

use std::fmt;

use std::cell::OnceCell;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Document, Element, HtmlAnchorElement, Url, Window};

/// How long a download's object URL lives: long enough for every browser to start
/// reading it after the click (revoking at once cancels some downloads).
const REVOKE_AFTER_MS: u32 = 60_000;

/// Why a browser call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BrowserError {
    /// There is no window or document (not running in a page).
    NoDocument,
    /// `navigator.clipboard.writeText` is missing (insecure context, old browser).
    ClipboardMissing,
    /// The browser refused the clipboard write (permission, focus), with its reason.
    ClipboardRefused(String),
    /// Selecting the text failed, with the reason.
    Select(String),
    /// Creating or starting the download failed, with the reason.
    Download(String),
    /// The page refused markup (a Trusted Types policy of the host), with the reason.
    Markup(String),
}

impl fmt::Display for BrowserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BrowserError::NoDocument => write!(f, "no browser document"),
            BrowserError::ClipboardMissing => write!(f, "the clipboard API is not available"),
            BrowserError::ClipboardRefused(why) => write!(f, "clipboard access refused: {why}"),
            BrowserError::Select(why) => write!(f, "cannot select the text: {why}"),
            BrowserError::Download(why) => write!(f, "cannot start the download: {why}"),
            BrowserError::Markup(why) => write!(f, "the page refused the drawing: {why}"),
        }
    }
}

impl std::error::Error for BrowserError {}

/// The message of a thrown JavaScript value (`Error`, `DOMException` or anything else).
fn js_message(value: &JsValue) -> String {
    Reflect::get(value, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

fn window() -> Result<Window, BrowserError> {
    web_sys::window().ok_or(BrowserError::NoDocument)
}

fn document() -> Result<Document, BrowserError> {
    window()?.document().ok_or(BrowserError::NoDocument)
}

/// Writes `text` to the system clipboard with `navigator.clipboard.writeText`.
///
/// The API is looked up dynamically rather than through web-sys' `Clipboard` binding:
/// that binding assumes the object exists and would throw through Wasm on pages where
/// it does not (plain-http embeds, older browsers).
pub async fn copy_text(text: &str) -> Result<(), BrowserError> {
    let navigator = window()?.navigator();
    let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| c.is_object())
        .ok_or(BrowserError::ClipboardMissing)?;
    let write = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or(BrowserError::ClipboardMissing)?;
    let returned = write
        .call1(&clipboard, &JsValue::from_str(text))
        .map_err(|e| BrowserError::ClipboardRefused(js_message(&e)))?;
    JsFuture::from(Promise::resolve(&returned))
        .await
        .map(drop)
        .map_err(|e| BrowserError::ClipboardRefused(js_message(&e)))
}

/// Selects everything inside `el`, so that Ctrl+C / ⌘C copies it.
pub fn select_contents(el: &Element) -> Result<(), BrowserError> {
    let select = |e: JsValue| BrowserError::Select(js_message(&e));
    let range = document()?.create_range().map_err(select)?;
    range.select_node_contents(el).map_err(select)?;
    let selection = window()?
        .get_selection()
        .map_err(select)?
        .ok_or_else(|| BrowserError::Select("the page has no selection".to_owned()))?;
    selection.remove_all_ranges().map_err(select)?;
    selection.add_range(&range).map_err(select)
}

/// Saves `text` as a file called `filename` (of type `mime`) through a temporary
/// `<a download>` pointing at a Blob URL. The file holds exactly the UTF-8 bytes of
/// `text`.
pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), BrowserError> {
    let fail = |e: JsValue| BrowserError::Download(js_message(&e));
    let document = document()?;
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let clicked = click_link(&document, &url, filename);
    if clicked.is_err() {
        // Nothing will read it: free it now.
        Url::revoke_object_url(&url).map_err(fail)?;
        return clicked;
    }
    let revoke = move || {
        // Best effort: the URL only pins the Blob in memory until the page unloads.
        let _ = Url::revoke_object_url(&url);
    };
    // The timer owns the closure until it fires; nothing needs to keep a handle.
    gloo::timers::callback::Timeout::new(REVOKE_AFTER_MS, revoke).forget();
    Ok(())
}

/// Adds a hidden `<a href=url download=filename>` to the body, clicks it, removes it.
fn click_link(document: &Document, url: &str, filename: &str) -> Result<(), BrowserError> {
    let fail = |e: JsValue| BrowserError::Download(js_message(&e));
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| BrowserError::Download("<a> is not an anchor element".to_owned()))?;
    anchor.set_href(url);
    anchor.set_download(filename);
    anchor.set_hidden(true);
    let body = document.body().ok_or(BrowserError::NoDocument)?;
    body.append_child(&anchor).map_err(fail)?;
    anchor.click();
    anchor.remove();
    Ok(())
}

/// The name of our Trusted Types policy: it passes only markup our own core wrote (the
/// diagram's SVG, whose every text is escaped there).
const MARKUP_POLICY: &str = "periscope-netpol-svg";

thread_local! {
    /// The policy, created once (a host may forbid creating one twice).
    static POLICY: OnceCell<Result<JsValue, BrowserError>> = const { OnceCell::new() };
}

/// `window.trustedTypes.createPolicy(MARKUP_POLICY, { createHTML: s => s })`, or
/// `Ok(None)` where the browser has no Trusted Types.
fn markup_policy() -> Result<Option<JsValue>, BrowserError> {
    let fail = |e: JsValue| BrowserError::Markup(js_message(&e));
    let factory = Reflect::get(
        &JsValue::from(window()?),
        &JsValue::from_str("trustedTypes"),
    )
    .map_err(fail)?;
    if !factory.is_object() {
        return Ok(None);
    }
    POLICY.with(|cell| {
        cell.get_or_init(|| {
            let create = Reflect::get(&factory, &JsValue::from_str("createPolicy"))
                .map_err(fail)?
                .dyn_into::<Function>()
                .map_err(fail)?;
            let rules = Object::new();
            let identity = Closure::<dyn Fn(String) -> String>::new(|s: String| s);
            Reflect::set(
                &rules,
                &JsValue::from_str("createHTML"),
                &identity.into_js_value(),
            )
            .map_err(fail)?;
            create
                .call2(&factory, &JsValue::from_str(MARKUP_POLICY), &rules)
                .map_err(fail)
        })
        .clone()
        .map(Some)
    })
}

/// Replaces the children of `el` by `markup`, which must be markup our own core
/// generated (it is not sanitised). Through a Trusted Types policy where the browser
/// has them, so that a host page enforcing them (the README's CSP) still shows it; a
/// host that forbids our policy gets an error, not a dead widget.
pub fn set_markup(el: &Element, markup: &str) -> Result<(), BrowserError> {
    let fail = |e: JsValue| BrowserError::Markup(js_message(&e));
    let value = match markup_policy()? {
        Some(policy) => {
            let create = Reflect::get(&policy, &JsValue::from_str("createHTML"))
                .map_err(fail)?
                .dyn_into::<Function>()
                .map_err(fail)?;
            create
                .call1(&policy, &JsValue::from_str(markup))
                .map_err(fail)?
        }
        None => JsValue::from_str(markup),
    };
    Reflect::set(el, &JsValue::from_str("innerHTML"), &value)
        .map(drop)
        .map_err(fail)
}

thread_local! {
    /// Whether the diagram's stylesheet is adopted already.
    static ADOPTED: OnceCell<Result<(), BrowserError>> = const { OnceCell::new() };
}

/// Adds `css` to the document as a constructed stylesheet (`new CSSStyleSheet()`,
/// `replaceSync`, `document.adoptedStyleSheets`), once per page. A strict
/// Content-Security-Policy allows this where it blocks a `<style>` in the markup. The
/// rules must be scoped to our own classes: they apply to the whole host page.
pub fn adopt_style_once(css: &str) -> Result<(), BrowserError> {
    let fail = |e: JsValue| BrowserError::Markup(js_message(&e));
    ADOPTED.with(|cell| {
        cell.get_or_init(|| {
            let window = JsValue::from(window()?);
            let document = JsValue::from(document()?);
            let class = Reflect::get(&window, &JsValue::from_str("CSSStyleSheet"))
                .map_err(fail)?
                .dyn_into::<Function>()
                .map_err(fail)?;
            let sheet = Reflect::construct(&class, &Array::new()).map_err(fail)?;
            let replace = Reflect::get(&sheet, &JsValue::from_str("replaceSync"))
                .map_err(fail)?
                .dyn_into::<Function>()
                .map_err(fail)?;
            replace
                .call1(&sheet, &JsValue::from_str(css))
                .map_err(fail)?;
            let key = JsValue::from_str("adoptedStyleSheets");
            let sheets = Array::from(&Reflect::get(&document, &key).map_err(fail)?);
            sheets.push(&sheet);
            Reflect::set(&document, &key, &sheets)
                .map(drop)
                .map_err(fail)
        })
        .clone()
    })
}

/// Milliseconds since the page loaded (`performance.now()`); 0 where there is no clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The file a file input's `change` event picked, if any. The input is cleared, so that
/// picking the same file again fires `change` again.
pub fn take_picked_file(e: &web_sys::Event) -> Option<web_sys::File> {
    let input = e.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}
