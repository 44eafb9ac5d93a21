//! The words both apps show in the parts they share (form parts, the error panel): one
//! catalogue, in both languages, so a citizen and an officer read the same message for the
//! same failure.

use super::lang::Lang;

pub struct Common {
    /// After an optional field's label.
    pub optional: &'static str,
    /// Above the list of a form's errors.
    pub error_summary_title: &'static str,
    pub error_network_title: &'static str,
    pub error_network_body: &'static str,
    pub error_decode_body: &'static str,
    pub too_many_title: &'static str,
    pub too_many_body: &'static str,
    pub busy_title: &'static str,
    pub busy_body: &'static str,
    pub error_server_title: &'static str,
    pub error_server_body: &'static str,
    /// `{n}`: whole seconds.
    pub wait_seconds: &'static str,
    pub wait_unknown: &'static str,
    /// Under the network error: the agency's other channels still work.
    pub offline_fallback: &'static str,
    pub retry: &'static str,
}

pub static FA: Common = Common {
    optional: "(اختیاری)",
    error_summary_title: "مشکلی پیش آمده است",
    error_network_title: "ارتباط با سرور برقرار نشد",
    error_network_body: "اتصال اینترنت را بررسی کنید و دوباره تلاش کنید. چیزی از دست نرفته است.",
    error_decode_body: "پاسخ سرور قابل خواندن نبود. اگر این مشکل ادامه داشت، با ما تماس بگیرید.",
    too_many_title: "درخواست‌های زیادی از این شبکه رسیده است",
    too_many_body: "برای حفاظت از کدهای رهگیری، شمار درخواست‌ها از هر نشانی اینترنتی محدود است. بسیاری از کاربران تلفن همراه یک نشانی مشترک دارند؛ شاید این درخواست‌ها از شما نبوده باشد.",
    busy_title: "سامانه موقتاً شلوغ است",
    busy_body: "چیزی از نوشته‌های شما از دست نرفته و روی همین دستگاه مانده است؛ اما هنوز ثبت نشده.",
    error_server_title: "سرور پاسخ درستی نداد",
    error_server_body: "مشکل از سمت ماست، نه شما. کمی بعد دوباره تلاش کنید.",
    wait_seconds: "{n} ثانیه دیگر دوباره تلاش کنید.",
    wait_unknown: "سرور نگفت چه مدت باید صبر کرد؛ چند دقیقه بعد دوباره تلاش کنید.",
    offline_fallback: "اگر مشکل ادامه داشت، می‌توانید از راه تلفن با دستگاه در تماس باشید.",
    retry: "تلاش دوباره",
};

pub static EN: Common = Common {
    optional: "(optional)",
    error_summary_title: "There is a problem",
    error_network_title: "Could not reach the server",
    error_network_body: "Check your internet connection and try again. Nothing has been lost.",
    error_decode_body: "The server's answer could not be read. If this keeps happening, please contact us.",
    too_many_title: "Many requests have come from this network",
    too_many_body: "To protect tracking codes, the number of requests from each internet address is limited. Many mobile users share one address, so these requests may not have been yours.",
    busy_title: "The service is busy",
    busy_body: "Nothing you wrote is lost: it is kept on this device, but it has not been sent yet.",
    error_server_title: "The server did not answer properly",
    error_server_body: "The problem is on our side, not yours. Please try again in a little while.",
    wait_seconds: "Try again in {n} seconds.",
    wait_unknown: "The server did not say how long to wait; try again in a few minutes.",
    offline_fallback: "If the problem continues, you can reach the agency by phone.",
    retry: "Try again",
};

pub fn common(lang: Lang) -> &'static Common {
    match lang {
        Lang::Fa => &FA,
        Lang::En => &EN,
    }
}
