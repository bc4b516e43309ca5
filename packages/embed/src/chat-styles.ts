// The element's stylesheet, adopted into its shadow root (a constructed sheet: no inline <style>, so it works
// under a CSP without 'unsafe-inline').
export const chatCss = `
:host { display: flex; flex-direction: column; font: 15px/1.45 system-ui, sans-serif; color: #1d1d1f;
  border: 1px solid #d0d0d7; border-radius: 10px; overflow: hidden; min-height: 320px; background: #fff; }
.status { padding: 6px 12px; font-size: 13px; color: #555; background: #f5f5f7; border-bottom: 1px solid #e4e4e9; }
.status.error { color: #b00020; background: #fdecee; }
progress { width: 100%; height: 6px; display: block; }
progress[hidden] { display: none; }
.messages { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 10px; }
.turn { max-width: 85%; padding: 8px 12px; border-radius: 10px; white-space: normal; overflow-wrap: anywhere; }
.turn.user { align-self: flex-end; background: #0a66c2; color: #fff; white-space: pre-wrap; }
.turn.assistant { align-self: flex-start; background: #f0f0f4; }
.turn p { margin: 0 0 0.5em; } .turn p:last-child { margin-bottom: 0; }
.turn pre { overflow-x: auto; background: #e4e4ea; padding: 6px; border-radius: 6px; }
.turn .meta { display: block; margin-top: 4px; font-size: 11px; opacity: 0.7; }
.turn .edit { margin-left: 8px; font-size: 11px; background: none; border: none; color: inherit; text-decoration: underline; cursor: pointer; padding: 0; }
.turn .editor { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; border: none; min-width: min(28rem, 70vw); }
.turn .editor textarea { flex-basis: 100%; color: #1d1d1f; }
.turn .editor button { padding: 3px 10px; font-size: 13px; }
.turn .editor button.primary { background: #fff; color: #0a66c2; border-color: #fff; }
form { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #e4e4e9; }
textarea { flex: 1; resize: vertical; min-height: 38px; font: inherit; padding: 6px 8px; border-radius: 6px; border: 1px solid #c6c6cf; }
button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #c6c6cf; background: #fff; cursor: pointer; }
button.primary { background: #0a66c2; color: #fff; border-color: #0a66c2; }
button:disabled { opacity: 0.5; cursor: default; }
.actions { display: flex; gap: 6px; padding: 0 8px 8px; }
`;
