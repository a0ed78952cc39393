import { css } from 'lit'

export default css`
  .form { display: grid; gap: var(--_space); }
  .field { display: grid; gap: 0.3rem; }
  label, legend { font-weight: 600; }
  .req { color: var(--_danger); margin-inline-start: 0.2em; }
  .help { margin: 0; color: var(--_muted); font-size: 0.875em; }
  .error, .reenter { margin: 0; color: var(--_danger); font-size: 0.875em; font-weight: 600; }
  .error::before { content: '⚠ '; }
  fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.6rem var(--_space) var(--_space); margin: 0; display: grid; gap: var(--_space); min-width: 0; }
  legend { padding: 0 0.3em; }
  .row { display: flex; gap: 0.5rem; align-items: center; }
  .list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.4rem; }
  .array { gap: 0.5rem; }
  .array > button { justify-self: start; }
  .switch-field { grid-template-columns: auto 1fr; align-items: center; column-gap: 0.6rem; }
  .switch-field > :not(input, label) { grid-column: 2; }
  .switch {
    appearance: none; margin: 0; width: 2.5em; height: 1.4em; border-radius: 1em; position: relative; cursor: pointer;
    background: var(--_border); transition: background 0.15s;
  }
  .switch::after {
    content: ''; position: absolute; inset-block: 0.2em; inset-inline-start: 0.2em; width: 1em; border-radius: 50%;
    background: var(--_bg); transition: translate 0.15s;
  }
  .switch:checked { background: var(--_accent); }
  .switch:checked::after { translate: 1.1em; }
  .switch:disabled { opacity: 0.6; cursor: not-allowed; }
  [role='tablist'] { display: flex; gap: 0.25rem; border-bottom: 1px solid var(--_border); flex-wrap: wrap; }
  [role='tab'] { border: none; border-radius: var(--_radius) var(--_radius) 0 0; background: none; padding: 0.5em 1em; border-bottom: 3px solid transparent; margin-bottom: -1px; color: var(--_muted); }
  [role='tab'][aria-selected='true'] { border-bottom-color: var(--_accent); color: var(--_text); font-weight: 600; }
  [role='tabpanel'] { display: grid; gap: var(--_space); }
  dl { margin: 0; display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.45rem 1.2rem; }
  dt { font-weight: 600; color: var(--_muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  dd dl { padding-inline-start: 0.8rem; border-inline-start: 2px solid var(--_border); }
  .unset { color: var(--_muted); font-style: italic; }
`
