/**
 * Design tokens and control styles shared by both elements. Every colour goes through an `--ih-*`
 * custom property with a light and a dark default (`light-dark()`), so a host page themes the widget
 * without reaching into its shadow root; `theme="light|dark"` pins the scheme, `auto` follows the OS.
 */
import { css } from 'lit'

export const tokens = css`
  :host {
    color-scheme: light dark;
    --_bg: var(--ih-color-background, light-dark(#ffffff, #16181d));
    --_surface: var(--ih-color-surface, light-dark(#f4f6f8, #20242b));
    --_text: var(--ih-color-text, light-dark(#1b1f24, #e6e8eb));
    --_muted: var(--ih-color-muted, light-dark(#56606b, #a3acb8));
    --_border: var(--ih-color-border, light-dark(#c4cad3, #414853));
    --_accent: var(--ih-color-accent, light-dark(#1f4fd1, #86a8ff));
    --_on-accent: var(--ih-color-on-accent, light-dark(#ffffff, #0c1222));
    --_danger: var(--ih-color-danger, light-dark(#b42318, #ff8d84));
    --_success: var(--ih-color-success, light-dark(#17723a, #6cd98c));
    --_focus: var(--ih-color-focus, var(--_accent));
    --_radius: var(--ih-radius, 8px);
    --_space: var(--ih-space, 1rem);
    display: block;
    color: var(--_text);
    font: var(--ih-font-size, 0.9375rem) / 1.45 var(--ih-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
  }
  :host([theme='light']) { color-scheme: light; }
  :host([theme='dark']) { color-scheme: dark; }
  :host([hidden]) { display: none; }
  * { box-sizing: border-box; }
  :focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
`

export const controls = css`
  button {
    font: inherit; color: var(--_text); background: var(--_surface);
    border: 1px solid var(--_border); border-radius: var(--_radius);
    padding: 0.4em 0.95em; cursor: pointer; line-height: 1.3;
    display: inline-flex; align-items: center; gap: 0.45em;
  }
  button:hover:not(:disabled) { border-color: var(--_muted); }
  button:disabled { cursor: not-allowed; opacity: 0.6; }
  button.primary { background: var(--_accent); color: var(--_on-accent); border-color: transparent; font-weight: 600; }
  button.danger { color: var(--_danger); }
  button.danger.primary { background: var(--_danger); color: var(--_on-accent); }
  button.link { background: none; border: none; padding: 0.2em 0.3em; color: var(--_accent); text-decoration: underline; }
  button[aria-busy='true']::before {
    content: ''; width: 0.9em; height: 0.9em; border-radius: 50%;
    border: 2px solid currentColor; border-right-color: transparent;
    animation: ih-spin 0.8s linear infinite;
  }
  @keyframes ih-spin { to { transform: rotate(1turn); } }
  @media (prefers-reduced-motion: reduce) { button[aria-busy='true']::before { animation-duration: 3s; } }
  input:not([type='checkbox']), select {
    font: inherit; color: var(--_text); background: var(--_bg);
    border: 1px solid var(--_border); border-radius: calc(var(--_radius) - 2px);
    padding: 0.42em 0.6em; width: 100%; min-width: 0;
  }
  input::placeholder { color: var(--_muted); opacity: 0.85; }
  input:disabled, select:disabled { background: var(--_surface); color: var(--_muted); }
  [aria-invalid='true'] { border-color: var(--_danger) !important; box-shadow: 0 0 0 1px var(--_danger); }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap;
  }
`
