import { css } from 'lit'

/** The page's own styles, adopted as a constructable stylesheet (the page's CSP allows no inline style). */
export default css`
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; }
  body { margin: 0; background: light-dark(#eef1f5, #0f1115); color: light-dark(#1b1f24, #e6e8eb); }
  #hub-admin { max-width: 56rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  #hub-admin h1 { font-size: 1.4rem; margin: 0; }
  .bar { display: flex; align-items: center; gap: 1rem; margin-bottom: 1.25rem; flex-wrap: wrap; }
  .bar h1 { flex: 1; }
  .who { color: light-dark(#56606b, #a3acb8); }
  .card { max-width: 24rem; margin: 12vh auto 0; padding: 1.5rem; border-radius: 12px; display: grid; gap: 1rem;
    background: light-dark(#fff, #16181d); border: 1px solid light-dark(#c4cad3, #414853); }
  .card form { display: grid; gap: 0.75rem; }
  .card label { font-weight: 600; }
  .card input { font: inherit; padding: 0.5em 0.6em; border-radius: 6px; border: 1px solid light-dark(#c4cad3, #414853); background: inherit; color: inherit; }
  .card [role='alert']:not(:empty) { color: light-dark(#b42318, #ff8d84); font-weight: 600; }
  .button, .card button, .bar button { font: inherit; padding: 0.5em 1em; border-radius: 8px; cursor: pointer; text-align: center;
    border: 1px solid light-dark(#c4cad3, #414853); background: light-dark(#f4f6f8, #20242b); color: inherit; text-decoration: none; }
  .card button.primary { background: light-dark(#1f4fd1, #86a8ff); color: light-dark(#fff, #0c1222); border-color: transparent; font-weight: 600; }
  :focus-visible { outline: 2px solid light-dark(#1f4fd1, #86a8ff); outline-offset: 2px; }
  integration-hub { background: transparent; }
`
