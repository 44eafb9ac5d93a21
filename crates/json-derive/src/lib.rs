//! `#[derive(FromJson)]`: reads a type from `miz_core::json::Value`, following the type's own
//! `#[serde(...)]` attributes, so the API's shapes stay written once (see `miz_core::json`).
//!
//! Supported, because the API's types use them: structs with named fields; enums of unit
//! variants (strings); enums tagged inside the object (`tag = "…"`) with unit or struct
//! variants; `rename_all = "snake_case"`, `rename`, `default`, `default = "path"`,
//! `flatten`, `deny_unknown_fields`. Anything else is a compile error rather than a silent
//! difference from serde.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Fields, LitStr};

#[proc_macro_derive(FromJson, attributes(serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// What the `#[serde(...)]` attributes on one item say.
#[derive(Default)]
struct Serde {
    rename: Option<String>,
    rename_all: bool,
    default: Option<Option<syn::Path>>,
    flatten: bool,
    deny_unknown: bool,
    tag: Option<String>,
}

fn serde_attrs(attrs: &[Attribute]) -> syn::Result<Serde> {
    let mut s = Serde::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
            match key.as_str() {
                "rename" => s.rename = Some(meta.value()?.parse::<LitStr>()?.value()),
                "rename_all" => {
                    let v = meta.value()?.parse::<LitStr>()?;
                    if v.value() != "snake_case" {
                        return Err(meta.error("FromJson knows only rename_all = \"snake_case\""));
                    }
                    s.rename_all = true;
                }
                "default" => {
                    s.default = Some(if meta.input.peek(syn::Token![=]) {
                        Some(meta.value()?.parse::<LitStr>()?.parse::<syn::Path>()?)
                    } else {
                        None
                    })
                }
                "flatten" => s.flatten = true,
                "deny_unknown_fields" => s.deny_unknown = true,
                "tag" => s.tag = Some(meta.value()?.parse::<LitStr>()?.value()),
                // Only about writing JSON.
                "skip_serializing_if" => {
                    meta.value()?.parse::<LitStr>()?;
                }
                _ => return Err(meta.error(format!("FromJson does not know #[serde({key})]"))),
            }
            Ok(())
        })?;
    }
    Ok(s)
}

/// serde's snake_case for a variant name (`PartlyAccepted` → `partly_accepted`).
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The reading of each named field from `o` (an `Object`) and `v` (the whole value).
fn named_fields(fields: &Fields, container: &Serde) -> syn::Result<(Vec<Tokens>, Vec<String>)> {
    let Fields::Named(named) = fields else {
        return Err(syn::Error::new(Span::call_site(), "FromJson needs named fields"));
    };
    let (mut inits, mut keys) = (Vec::new(), Vec::new());
    for f in &named.named {
        let ident = f.ident.as_ref().expect("named");
        let attrs = serde_attrs(&f.attrs)?;
        let key = attrs.rename.clone().unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_owned());
        let read = if attrs.flatten {
            quote! { ::miz_core::json::FromJson::from_json(v)? }
        } else {
            keys.push(key.clone());
            match (&attrs.default, container.default.is_some()) {
                (Some(Some(path)), _) => quote! { o.optional(#key)?.unwrap_or_else(#path) },
                (Some(None), _) => quote! { o.optional(#key)?.unwrap_or_default() },
                (None, true) => quote! { o.optional(#key)?.unwrap_or(__default.#ident) },
                (None, false) => quote! { o.field(#key)? },
            }
        };
        inits.push(quote! { #ident: #read });
    }
    Ok((inits, keys))
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let container = serde_attrs(&input.attrs)?;
    let body = match &input.data {
        Data::Struct(s) => {
            let (inits, keys) = named_fields(&s.fields, &container)?;
            let deny = container.deny_unknown.then(|| quote! { o.deny_unknown(&[#(#keys),*])?; });
            let default = container.default.is_some().then(|| quote! { let __default: Self = ::core::default::Default::default(); });
            quote! {
                let o = v.object()?;
                #deny
                #default
                Ok(#name { #(#inits),* })
            }
        }
        Data::Enum(e) => {
            let mut arms = Vec::new();
            for variant in &e.variants {
                let ident = &variant.ident;
                let attrs = serde_attrs(&variant.attrs)?;
                let key = attrs.rename.unwrap_or_else(|| if container.rename_all { snake(&ident.to_string()) } else { ident.to_string() });
                arms.push(match (&variant.fields, &container.tag) {
                    (Fields::Unit, _) => quote! { #key => Ok(#name::#ident), },
                    (fields @ Fields::Named(_), Some(_)) => {
                        let (inits, _) = named_fields(fields, &Serde::default())?;
                        quote! { #key => Ok(#name::#ident { #(#inits),* }), }
                    }
                    _ => return Err(syn::Error::new_spanned(variant, "FromJson reads unit variants, or struct variants with #[serde(tag)]")),
                });
            }
            let unknown = quote! { other => Err(::miz_core::json::Error::unknown_variant(other)), };
            match &container.tag {
                Some(tag) => quote! {
                    let o = v.object()?;
                    let tag: ::std::string::String = o.field(#tag)?;
                    match tag.as_str() { #(#arms)* #unknown }
                },
                None => quote! { match v.str()? { #(#arms)* #unknown } },
            }
        }
        Data::Union(_) => return Err(syn::Error::new(Span::call_site(), "FromJson does not read unions")),
    };
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics ::miz_core::json::FromJson for #name #ty_generics #where_clause {
            #[allow(unused_variables)]
            fn from_json(v: &::miz_core::json::Value<'_>) -> ::core::result::Result<Self, ::miz_core::json::Error> {
                #body
            }
        }
    })
}
