// A long draft and many comments on it, made of ordinary Persian legal wording, for the
// reader benchmark (bench/reader.mjs) and the table-of-contents browser test. Deterministic:
// the same arguments give the same draft.

const WORDS = (
  'دستگاه موظف است درخواست متقاضی را پس از دریافت مدارک کامل حداکثر ظرف پانزده روز کاری بررسی ' +
  'و نتیجه را از طریق سامانه به اطلاع وی برساند در صورت نقص مدارک مراتب یک بار و به صورت کامل ' +
  'اعلام می‌شود صدور مجوز منوط به رعایت ضوابط فنی ایمنی و بهداشتی مصوب است و هزینه آن بر اساس ' +
  'تعرفه مصوب هیئت وزیران دریافت می‌شود متقاضی می‌تواند ظرف ده روز از ابلاغ تصمیم اعتراض خود را ' +
  'به کمیسیون رسیدگی تسلیم کند واحد استانی مسئول اجرای این ماده و پاسخگویی به شهروندان است'
).split(' ');

function rng(seed) {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s % n;
  };
}

/** `POST /admin/drafts` body: `articles` articles of `paragraphs` paragraphs each. */
export function bigDraft({ id = 'big', articles = 300, paragraphs = 3, seed = 7, unit = 'arts', kind = 'regulation' } = {}) {
  const next = rng(seed);
  const sentence = () => Array.from({ length: 18 + next(24) }, () => WORDS[next(WORDS.length)]).join(' ') + '.';
  return {
    id,
    kind,
    unit_id: unit,
    title: `آیین‌نامه آزمایشی با ${articles} ماده`,
    summary: 'پیش‌نویسی بلند برای سنجش خواندن و نظر دادن روی متن‌های بزرگ.',
    body: {
      parts: [{
        id: `${id}-part1`,
        articles: Array.from({ length: articles }, (_, a) => ({
          id: `${id}-a${a + 1}`,
          number: a + 1,
          title: a % 10 === 0 ? `بخش ${a / 10 + 1}` : undefined,
          paragraphs: Array.from({ length: paragraphs }, (_, p) => ({
            id: `${id}-a${a + 1}-p${p + 1}`,
            number: p + 1,
            text: sentence(),
          })),
        })),
      }],
    },
  };
}

/** `count` comment bodies for `POST /drafts/{id}/comments`: on paragraphs, on phrases, on the whole draft. */
export function bigComments(draft, count = 3000, seed = 11) {
  const next = rng(seed);
  const paras = draft.body.parts.flatMap((p) => p.articles.flatMap((a) => a.paragraphs));
  return Array.from({ length: count }, (_, i) => {
    const body = `نظر شماره ${i + 1}: ` + Array.from({ length: 8 + next(30) }, () => WORDS[next(WORDS.length)]).join(' ');
    const p = paras[next(paras.length)];
    const kind = i % 10;
    if (kind === 0) return { body, anchor: {}, client_id: `bench-client-${i % 97}` };
    if (kind < 4) {
      const chars = [...p.text];
      const start = next(Math.max(1, chars.length - 20));
      const end = start + 5 + next(15);
      const exact = chars.slice(start, end).join('');
      if (exact.trim() === exact && exact.length > 0) {
        return {
          body,
          anchor: {
            paragraph_id: p.id,
            quote: { exact, prefix: chars.slice(Math.max(0, start - 32), start).join(''), suffix: chars.slice(end, end + 32).join('') },
            start,
            end,
          },
          client_id: `bench-client-${i % 97}`,
        };
      }
    }
    return { body, anchor: { paragraph_id: p.id }, client_id: `bench-client-${i % 97}` };
  });
}

/** Publishes the draft and posts the comments with a few requests in flight. */
export async function seed(baseUrl, adminToken, draft, comments, parallel = 8) {
  const res = await fetch(`${baseUrl}/api/v1/admin/drafts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(draft),
  });
  if (res.status !== 201) throw new Error(`publish: ${res.status} ${await res.text()}`);
  let i = 0;
  const worker = async () => {
    while (i < comments.length) {
      const n = i++;
      const r = await fetch(`${baseUrl}/api/v1/drafts/${draft.id}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `seed-${draft.id}-${n}` },
        body: JSON.stringify(comments[n]),
      });
      if (r.status !== 201) throw new Error(`comment ${n}: ${r.status} ${await r.text()}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
