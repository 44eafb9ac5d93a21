// miz host snippet: sizes each <iframe data-miz> to the height of the desk inside it, and
// brings the frame into view when the desk changes page. Include it once on the portal page:
//   <iframe data-miz src="https://desk.example.ir/" title="میز خدمت"></iframe>
//   <script src="https://desk.example.ir/embed/host.js"></script>
addEventListener('message', (event) => {
  const m = event.data;
  if (!m || typeof m !== 'object' || typeof m.type !== 'string' || !m.type.startsWith('miz:')) return;
  for (const frame of document.querySelectorAll('iframe[data-miz]')) {
    // Only the frame that sent the message is touched.
    if (frame.contentWindow !== event.source) continue;
    if (m.type === 'miz:height' && Number.isFinite(m.height)) {
      frame.style.height = Math.min(Math.max(Math.ceil(m.height), 200), 50000) + 'px';
    }
    if (m.type === 'miz:navigated' && frame.getBoundingClientRect().top < 0) frame.scrollIntoView();
  }
});
