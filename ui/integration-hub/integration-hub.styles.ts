import { css } from 'lit'

export default css`
  :host { background: var(--_bg); }
  .list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.6rem; }
  .item {
    width: 100%; text-align: start; display: grid; grid-template-columns: 2.5rem 1fr auto; align-items: center;
    gap: 0.25rem 0.9rem; padding: 0.8rem var(--_space); background: var(--_surface); font-weight: normal;
  }
  /* An icon is an image, so its currentColor is black: it sits on a light tile in both schemes. */
  .icon {
    width: 2.5rem; height: 2.5rem; display: grid; place-items: center; border-radius: var(--_radius); flex: none;
    background: var(--ih-color-icon-background, light-dark(#ffffff, #e6e8eb)); color: #1f4fd1; font-weight: 700; font-size: 1.2rem;
  }
  .icon img { width: 1.75rem; height: 1.75rem; }
  .name { font-weight: 600; display: block; }
  .description { color: var(--_muted); font-size: 0.875em; display: block; }
  .badge { font-size: 0.8125em; padding: 0.15em 0.7em; border-radius: 1em; border: 1px solid currentColor; white-space: nowrap; color: var(--_muted); }
  .badge.ok { color: var(--_success); }
  .badge.failed { color: var(--_danger); }
  dialog {
    width: var(--ih-dialog-width, min(40rem, 100vw - 2rem)); max-height: calc(100dvh - 2rem);
    padding: 0; border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 1.5);
    background: var(--_bg); color: var(--_text); box-shadow: 0 12px 40px rgb(0 0 0 / 0.3);
  }
  dialog::backdrop { background: rgb(10 12 16 / 0.55); }
  .dialog { display: grid; gap: var(--_space); padding: calc(var(--_space) * 1.25); }
  header { display: flex; align-items: center; gap: 0.75rem; }
  h2 { margin: 0; font-size: 1.25rem; flex: 1; }
  h3 { margin: 0 0 0.4rem; font-size: 1rem; }
  header p { margin: 0; }
  .lead { margin: 0; color: var(--_muted); }
  .status:not(:empty) { color: var(--_success); font-weight: 600; padding: 0.6rem 0.8rem; border-radius: var(--_radius); border: 1px solid currentColor; }
  .status:not(:empty)::before { content: '✓ '; }
  .alert:not(:empty) {
    display: grid; gap: 0.25rem; padding: 0.6rem 0.8rem; border-radius: var(--_radius);
    border: 1px solid var(--_danger); border-inline-start-width: 4px; background: color-mix(in srgb, var(--_danger) 8%, var(--_bg));
  }
  .alert strong { color: var(--_danger); }
  .alert small { font-size: 0.875em; }
  .alert button { justify-self: start; }
  .steps { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.3rem; }
  .steps li { display: flex; gap: 0.5rem; align-items: baseline; }
  .steps .mark { font-weight: 700; width: 1.2em; }
  .steps .ok .mark { color: var(--_success); }
  .steps .failed .mark { color: var(--_danger); }
  .steps .ms { margin-inline-start: auto; color: var(--_muted); font-variant-numeric: tabular-nums; font-size: 0.875em; }
  .panel { padding: 0.8rem var(--_space); border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); }
  .confirm { display: grid; gap: 0.6rem; border-color: var(--_danger); }
  .confirm p { margin: 0; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  .dialog > .actions {
    position: sticky; bottom: 0; background: var(--_bg);
    margin: 0 calc(var(--_space) * -1.25) calc(var(--_space) * -1.25); padding: 0.75rem calc(var(--_space) * 1.25);
    border-top: 1px solid var(--_border);
  }
  .messages { display: grid; gap: 0.5rem; }
  /* Both live regions stay in the page when empty (so they announce); only their space goes. */
  .messages:not(:has(> :not(:empty))) { margin-block-end: calc(var(--_space) * -1); }
  .spacer { flex: 1; }
  .close { padding: 0.3em 0.6em; }
  [aria-disabled='true'] { opacity: 0.6; cursor: progress; }
  .muted { color: var(--_muted); }
  .note { margin: 0; color: var(--_danger); font-size: 0.875em; }
  .note.muted { color: var(--_muted); }
  `
