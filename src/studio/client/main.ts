// The studio's browser entry: the page data the server embedded, the platform's token data, then the editor
// (./editor.ts) and the workflow around it (./workflow.ts).
import type { StudioData, StudioPlatform } from '../contract.ts';
import { mountEditor } from './editor.ts';
import { mountWorkflow } from './workflow.ts';

async function start(): Promise<void> {
  const data = JSON.parse(document.getElementById('studio-data')!.textContent!) as StudioData;
  const response = await fetch(`/studio/platform.json?v=${encodeURIComponent(data.platformKey)}`);
  if (!response.ok) throw new Error(`The platform's token data did not load (${response.status}).`);
  const platform = (await response.json()) as StudioPlatform;
  const editor = mountEditor(document.querySelector<HTMLElement>('#editor')!, { data, platform });
  mountWorkflow(document.querySelector<HTMLElement>('#workflow')!, { data, editor });
}

start().catch((error: unknown) => {
  const root = document.querySelector<HTMLElement>('#editor')!;
  const alert = document.createElement('p');
  alert.setAttribute('role', 'alert');
  alert.textContent = `The studio could not start: ${error instanceof Error ? error.message : String(error)}`;
  root.replaceChildren(alert);
});
