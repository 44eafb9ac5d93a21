use super::{ContinueButton, StepShell, WithTypes};
use crate::{
    api::Api,
    app::use_page_title,
    case_wizard::{use_wizard, Attachment},
    components::form::{ErrorSummary, FieldError},
    format,
    i18n::use_i18n,
    upload,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::Redirect, hooks::use_navigate};
use miz_core::cases::CaseTypes;


#[component]
pub fn AttachmentsPage() -> impl IntoView {
    use_page_title(|t| t.q_attachments);
    let w = use_wizard();
    if w.draft.get_untracked().description.trim().is_empty() {
        return view! { <Redirect path=super::href("description") /> }.into_any();
    }
    view! {
        <StepShell step="attachments">
            <WithTypes view=|types: CaseTypes| view! { <AttachmentsForm types /> } />
        </StepShell>
    }
    .into_any()
}

/// A file on its way up.
#[derive(Clone)]
struct InFlight {
    name: String,
    progress: RwSignal<f64>,
}

/// "۱ کیلوبایت" in Persian: the unit in words (a Latin "KB" in a right-to-left line ends up on
/// the wrong side of its number).
fn size_label(bytes: u64, lang: crate::i18n::Lang) -> String {
    let (n, unit) = if bytes >= 1024 * 1024 {
        ((bytes as f64 / 1048576.0 * 10.0).round() / 10.0, lang.pick(|| "مگابایت", || "MB"))
    } else {
        ((bytes as f64 / 1024.0).ceil(), lang.pick(|| "کیلوبایت", || "KB"))
    };
    format!("{} {unit}", format::number(n, lang))
}

#[component]
fn AttachmentsForm(types: CaseTypes) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let api = expect_context::<Api>();
    let limits = types.limits;
    let in_flight = RwSignal::new(Vec::<InFlight>::new());
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let max_files = limits.upload_max_files as usize;
    let max_bytes = limits.upload_max_bytes;
    // Files chosen with the picker, the camera, or dropped on the box: one path for all.
    let take = move |files: web_sys::FileList| {
        error.set(None);
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            let t = i18n.t();
            if w.draft.get_untracked().attachments.len() + in_flight.get_untracked().len() >= max_files {
                error.set(Some(t.too_many_files.to_owned()));
                break;
            }
            if file.size() as u64 > max_bytes {
                error.set(Some(format!("{}: {}", file.name(), t.file_too_big)));
                continue;
            }
            let ok_type = ["image/jpeg", "image/png", "application/pdf"].contains(&file.type_().as_str());
            if !ok_type {
                error.set(Some(format!("{}: {}", file.name(), t.file_wrong_type)));
                continue;
            }
            let item = InFlight { name: file.name(), progress: RwSignal::new(0.0) };
            in_flight.update(|v| v.push(item.clone()));
            let url = api.uploads_url();
            spawn_local(async move {
                let progress = item.progress;
                let result = upload::upload(&url, &file, move |p| progress.set(p)).await;
                in_flight.update(|v| v.retain(|f| !(f.name == item.name && f.progress == item.progress)));
                match result {
                    Ok(up) => w.update(|d| d.attachments.push(Attachment { id: up.id, name: up.name, size: up.size })),
                    Err(e) => {
                        // The server's own words (type by content, size) when it gave any: a
                        // refused file is not fixed by trying again.
                        let msg = e.server_message().unwrap_or_else(|| i18n.t().upload_failed.to_owned());
                        error.set(Some(format!("{}: {msg}", item.name)));
                    }
                }
            });
        }
    };
    let take = StoredValue::new_local(take);
    let on_change = move |_| {
        let Some(el) = input.get() else { return };
        if let Some(files) = el.files() {
            take.with_value(|t| t(files));
        }
        // Let the same file be chosen again after removing it.
        el.set_value("");
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
            take.with_value(|t| t(files));
        }
    };
    let on_drag_over = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(true);
    };
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if in_flight.get_untracked().is_empty() {
            navigate(&super::next_after("attachments"), Default::default());
        }
    };
    let errors = Signal::derive(move || {
        error.get().map(|m| vec![FieldError { field_id: "file".into(), message: m }]).unwrap_or_default()
    });
    let attached = move || {
        let list = w.draft.get().attachments;
        if list.is_empty() && in_flight.get().is_empty() {
            return view! { <p class="field__hint">{i18n.text(|m| m.no_attachments)}</p> }.into_any();
        }
        let done = list
            .into_iter()
            .map(|a| {
                let id = a.id.clone();
                let remove_label = crate::i18n::fill(i18n.t().remove_file, &[("name", &a.name)]);
                view! {
                    <li class="file">
                        <span class="file__name" dir="auto">{a.name.clone()}</span>
                        <span class="file__size">{size_label(a.size, i18n.lang())}</span>
                        <button
                            type="button"
                            class="button button--secondary button--small"
                            aria-label=remove_label
                            on:click=move |_| {
                                let id = id.clone();
                                w.update(|d| d.attachments.retain(|x| x.id != id));
                            }
                        >
                            {i18n.text(|m| m.remove)}
                        </button>
                    </li>
                }
            })
            .collect_view();
        let pending = in_flight
            .get()
            .into_iter()
            .map(|f| {
                let p = f.progress;
                view! {
                    <li class="file file--uploading">
                        <span class="file__name" dir="auto">{f.name.clone()}</span>
                        <progress max="1" prop:value=move || p.get() aria-label=move || crate::i18n::fill(i18n.t().uploading_file, &[("name", &f.name)])></progress>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="files">{done}{pending}</ul> }.into_any()
    };
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary errors />
            <div class="field" class:field--error=move || error.get().is_some()>
                <h1 class="field__heading" tabindex="-1">
                    <label class="field__label field__label--heading" for="file">{i18n.text(|m| m.q_attachments)}</label>
                </h1>
                <p class="field__hint" id="file-hint">{i18n.text(|m| m.q_attachments_hint)}</p>
                {move || error.get().map(|m| view! { <p class="field__error" id="file-error">{m}</p> })}
                // The browser's own picker says "Choose Files / No file chosen" in the browser's
                // language; the input stays (keyboard and screen readers reach it, it carries
                // the label) but is drawn as a Persian button, in a box files can be dropped on.
                <div
                    class="file-drop"
                    class:file-drop--over=move || dragging.get()
                    on:dragover=on_drag_over
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                >
                    <input
                        id="file"
                        class="file-input visually-hidden"
                        type="file"
                        multiple
                        accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
                        aria-describedby=move || if error.get().is_some() { "file-hint file-error" } else { "file-hint" }
                        node_ref=input
                        on:change=on_change
                    />
                    <label for="file" class="button button--secondary file-drop__choose" aria-hidden="true">
                        {i18n.text(|m| m.choose_files)}
                    </label>
                    <label for="file-camera" class="button button--secondary file-drop__camera" aria-hidden="true">
                        {i18n.text(|m| m.take_photo)}
                    </label>
                    <input
                        id="file-camera"
                        class="visually-hidden"
                        type="file"
                        accept="image/*"
                        capture="environment"
                        tabindex="-1"
                        aria-hidden="true"
                        on:change=move |ev| {
                            let el = event_target::<web_sys::HtmlInputElement>(&ev);
                            if let Some(files) = el.files() {
                                take.with_value(|t| t(files));
                            }
                            el.set_value("");
                        }
                    />
                    <p class="file-drop__hint">{i18n.text(|m| m.drop_files)}</p>
                </div>
            </div>
            <div aria-live="polite">{attached}</div>
            <ContinueButton />
        </form>
    }
}

