import { css } from 'lit'

export default css`
  /* No box of its own: with nothing to show it takes no room in the dialog. */
  :host { display: contents; }
  .connections { display: grid; gap: 0.6rem; }
  .list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem; }
  .connection { display: grid; justify-items: start; gap: 0.1rem; padding: 0.4em 0.8em; font-weight: normal; }
  .connection[aria-current='true'] { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
  .name { font-weight: 600; }
  .state { font-size: 0.8125em; color: var(--_muted); }
  .state.ok { color: var(--_success); }
  .state.failed { color: var(--_danger); }
  .add-button { justify-self: start; }
  form { display: grid; gap: 0.3rem; padding: 0.8rem var(--_space); border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); }
  label { font-weight: 600; }
  .help { margin: 0; color: var(--_muted); font-size: 0.875em; }
  .error { margin: 0; color: var(--_danger); font-size: 0.875em; font-weight: 600; }
  .error::before { content: '⚠ '; }
  .actions { display: flex; gap: 0.5rem; margin-top: 0.3rem; }
  [aria-disabled='true'] { opacity: 0.6; cursor: progress; }
`
