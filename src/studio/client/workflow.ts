// The workflow around the editor: drafts (an anonymous session starts on the first save), sign-in, publish with
// If-Match and the conflict flow, the history and, for a partner, its own panels (./partner.ts).
import type { Violation } from '../../engine/types.ts';
import type { StudioData } from '../contract.ts';
import { call, errorMessage, type ApiAnswer, type ApiErrorBody } from './api.ts';
import { fill, h } from './dom.ts';
import type { Editor } from './editor.ts';
import { applyChanges, mountHistory, treeChanges } from './history.ts';
import { mountPartner } from './partner.ts';

/** Unsaved edits carried across a sign-in round trip (the provider's redirect reloads the page). */
const CARRIED = 'livery-studio-unsaved';

const LEVEL_TEXT: Record<NonNullable<StudioData['viewer']['level']> | 'none', string> = {
  none: 'You are not signed in. Saving a draft starts an anonymous session; your drafts stay yours when you sign in.',
  anonymous: 'You are drafting anonymously. Sign in to keep going on another device and, with a role, to publish.',
  preview: 'You left your email. Sign in with a provider to become a member.',
  oauth: 'You signed in with a provider. Complete sign-in to join this tenant.',
  full: 'You are signed in.',
};

interface DraftRow {
  name: string;
  tokens: unknown;
  validation: { ok: boolean; violations: Violation[] };
  updatedAt: string;
}

/** What the page last saw published: the If-Match of the next publish, and the base of the user's edits. */
export interface Published {
  version: number | null;
  tree: unknown;
}

export function mountWorkflow(root: HTMLElement, options: { data: StudioData; editor: Editor }): void {
  const { data, editor } = options;
  const own = data.chain.at(-1);
  const published: Published = { version: own?.version ?? null, tree: own?.content ?? {} };

  const alertBox = h('div', { role: 'alert', id: 'workflow-alert' });
  const notice = h('p', { 'aria-live': 'polite', class: 'notice' });
  const showAlert = (...parts: (string | Node)[]) => {
    notice.textContent = '';
    fill(alertBox, ...parts.map((part) => (typeof part === 'string' ? h('p', {}, part) : part)));
  };
  const showNotice = (message: string) => {
    fill(alertBox);
    notice.textContent = message;
  };

  // Save and publish
  const nameInput = h('input', { id: 'draft-name', type: 'text', value: 'studio', autocomplete: 'off' });
  const saveButton = h('button', { type: 'button' }, 'Save draft');
  const publishButton = h('button', { type: 'button', class: 'primary' }, 'Publish');
  const versionText = h('p', {});
  const showVersion = () => {
    versionText.textContent =
      published.version === null ? 'Nothing published yet.' : `Editing on top of published v${published.version}.`;
  };
  showVersion();
  const canPublish = data.viewer.level === 'full' && (data.viewer.role === 'admin' || data.viewer.role === 'editor');

  // Drafts
  const draftList = h('ul', { class: 'plain', 'aria-label': 'Drafts' });

  // Account
  const account = h('section', { 'aria-labelledby': 'account-heading' });

  const history = h('section', {});
  const partner = h('div', {});

  fill(
    root,
    h(
      'section',
      { 'aria-labelledby': 'publish-heading' },
      h('h2', { id: 'publish-heading' }, 'Save and publish'),
      versionText,
      h('label', { for: 'draft-name' }, 'Draft name'),
      h('div', { class: 'row' }, nameInput, saveButton, publishButton),
      canPublish
        ? null
        : h(
            'p',
            { class: 'muted' },
            'Publishing needs a full account with the editor or admin role in this tenant; drafts need none.',
          ),
      alertBox,
      notice,
    ),
    h('section', { 'aria-labelledby': 'drafts-heading' }, h('h2', { id: 'drafts-heading' }, 'Drafts'), draftList),
    account,
    partner,
    history,
  );

  const historyPanel = mountHistory(history, {
    data,
    currentVersion: () => published.version,
    alert: showAlert,
    onRolledBack: async (version) => {
      await reloadPublished();
      showNotice(`Rolled back: the restored tokens are published as v${version}.`);
    },
  });
  if (published.version !== null) historyPanel.remember(published.version, published.tree);

  /** Fetches the published layer and makes it the base of further edits (the editor shows it). */
  const reloadPublished = async (): Promise<boolean> => {
    const answer = await call<{ version: number | null; tokens: unknown }>('GET', '/api/v1/tokens/overrides');
    if (!answer.ok) {
      showAlert(`Could not load the published tokens: ${errorMessage(answer)}`);
      return false;
    }
    published.version = answer.body.version;
    published.tree = answer.body.tokens;
    if (published.version !== null) historyPanel.remember(published.version, published.tree);
    editor.setTree(published.tree);
    showVersion();
    await historyPanel.refresh();
    return true;
  };

  // Drafts need a session: the first save starts an anonymous one.
  const ensureSession = async (): Promise<boolean> => {
    if (data.viewer.level !== null) return true;
    const answer = await call<{ level: 'anonymous' }>('POST', '/auth/anonymous');
    if (!answer.ok) {
      showAlert(`Could not start a session for your drafts: ${errorMessage(answer)}`);
      return false;
    }
    data.viewer.level = answer.body.level;
    renderAccount();
    return true;
  };

  const renderDrafts = (rows: DraftRow[]) => {
    if (rows.length === 0) {
      fill(draftList, h('li', {}, 'No drafts yet.'));
      return;
    }
    fill(
      draftList,
      ...rows.map((row) => {
        const open = h('button', { type: 'button' }, `Open draft ${row.name}`);
        open.addEventListener('click', () => {
          editor.setTree(row.tokens);
          nameInput.value = row.name;
          showNotice(`Opened draft ${row.name}.`);
        });
        const problems = row.validation?.violations?.length ?? 0;
        const verdict = row.validation?.ok ? 'no problems' : `${problems} problem${problems === 1 ? '' : 's'}`;
        return h(
          'li',
          { class: 'row' },
          open,
          h('span', { class: 'muted' }, `${verdict} when saved, ${new Date(row.updatedAt).toLocaleString()}`),
        );
      }),
    );
  };

  const loadDrafts = async () => {
    if (data.viewer.level === null) {
      fill(draftList, h('li', {}, 'No drafts yet: your first save starts them.'));
      return;
    }
    const answer = await call<DraftRow[]>('GET', '/api/v1/tokens/drafts');
    if (answer.ok) renderDrafts(answer.body);
    else fill(draftList, h('li', {}, `Your drafts did not load: ${errorMessage(answer)}`));
  };

  saveButton.addEventListener('click', async () => {
    const name = nameInput.value.trim();
    if (!name) {
      showAlert('Give the draft a name first.');
      nameInput.focus();
      return;
    }
    if (!(await ensureSession())) return;
    const answer = await call<DraftRow>('PUT', `/api/v1/tokens/drafts/${encodeURIComponent(name)}`, {
      body: editor.tree(),
    });
    if (!answer.ok) {
      showAlert(`The draft was not saved: ${errorMessage(answer)}`);
      return;
    }
    showNotice(`Saved draft ${name}.`);
    await loadDrafts();
  });

  publishButton.addEventListener('click', async () => {
    const tree = editor.tree();
    const answer = await call<{ version: number }>('PUT', '/api/v1/tokens/overrides', {
      body: tree,
      ifMatch: published.version ?? 0, // "0": nothing published yet, so a first publish can lose a race too
    });
    if (answer.ok) {
      published.version = answer.body.version;
      published.tree = tree;
      historyPanel.remember(answer.body.version, tree);
      showVersion();
      showNotice(`Published v${answer.body.version}. The theme at /theme.css serves it now.`);
      await historyPanel.refresh();
      return;
    }
    publishRefused(answer);
  });

  const publishRefused = (answer: ApiAnswer) => {
    const error = (answer.body as ApiErrorBody | null)?.error;
    if (error?.code === 'invalid_tokens') {
      const violations = (error.violations ?? []) as (Violation & { tenant?: { slug: string } })[];
      showAlert(...refusalReport(violations));
    } else if (answer.status === 412) {
      const merge = h('button', { type: 'button' }, 'Reload and merge');
      merge.addEventListener('click', () => void reloadAndMerge());
      showAlert(
        h(
          'p',
          {},
          `The published tokens changed since you loaded ${published.version === null ? 'this page' : `v${published.version}`}: `,
          'someone else published meanwhile. Reload the latest version and re-apply your edits on top, then publish again.',
        ),
        merge,
      );
      merge.focus();
    } else if (answer.status === 401 || answer.status === 403) {
      showAlert(
        data.viewer.level === 'full'
          ? `${errorMessage(answer)} Publishing needs the editor or admin role: ask an admin of ${data.tenant.name} to invite you as an editor, then choose “Accept an invitation”.`
          : `Publishing needs a full account with the editor or admin role in ${data.tenant.name}: sign in with a provider (Account, below), complete sign-in, and ask an admin to invite you as an editor. Save a draft meanwhile: it stays yours.`,
      );
    } else {
      showAlert(`Publishing failed: ${errorMessage(answer)}`);
    }
  };

  /** The latest published layer with the user's edits (against what they started from) re-applied on top. */
  const reloadAndMerge = async () => {
    const edits = treeChanges(published.tree, editor.tree());
    if (!(await reloadPublished())) return;
    editor.setTree(applyChanges(published.tree, edits));
    showNotice(
      `Reloaded v${published.version} and re-applied your ${edits.length} edit${edits.length === 1 ? '' : 's'}. Check them, then publish.`,
    );
  };

  function renderAccount(): void {
    const { viewer } = data;
    const parts: (Node | null)[] = [
      h('h2', { id: 'account-heading' }, 'Account'),
      h(
        'p',
        {},
        LEVEL_TEXT[viewer.level ?? 'none'],
        viewer.role ? ` Your role in ${data.tenant.name}: ${viewer.role}.` : '',
      ),
    ];
    if (viewer.level !== 'full') {
      parts.push(
        viewer.providers.length === 0
          ? h('p', {}, 'No sign-in provider is enabled on this host.')
          : h(
              'ul',
              { class: 'plain', 'aria-label': 'Sign in' },
              ...viewer.providers.map((p) => {
                const link = h('a', { href: p.href }, `Sign in with ${p.title}`);
                link.addEventListener('click', () => carryEdits(editor));
                return h('li', {}, link);
              }),
            ),
      );
    }
    // Completing joins the tenant (a customer's host admits anyone as a viewer) and accepts a pending invitation.
    const completeLabel =
      viewer.level === 'oauth'
        ? 'Complete sign-in'
        : viewer.level === 'full' && viewer.role !== 'admin' && viewer.role !== 'editor'
          ? 'Accept an invitation'
          : null;
    if (completeLabel) {
      const complete = h('button', { type: 'button' }, completeLabel);
      complete.addEventListener('click', async () => {
        const answer = await call('POST', '/auth/complete');
        if (!answer.ok) {
          showAlert(`${completeLabel} did not work: ${errorMessage(answer)}`);
          return;
        }
        carryEdits(editor);
        location.reload();
      });
      parts.push(complete);
    }
    fill(account, ...parts);
  }

  renderAccount();
  restoreCarried(editor, showNotice);
  if (data.tenant.tier === 1) {
    mountPartner(partner, {
      data,
      editor,
      published,
      alert: showAlert,
      notice: showNotice,
      refusalReport,
      onPublished: async (version, tree) => {
        historyPanel.remember(version, tree);
        showVersion();
        await historyPanel.refresh();
      },
    });
  }
  void loadDrafts();
  void historyPanel.refresh();
}

/** A refused change, readable: each violation with its path, then the customers it would break. */
export function refusalReport(violations: readonly (Violation & { tenant?: { slug: string } })[]): HTMLElement[] {
  const broken = [...new Set(violations.flatMap((v) => (v.tenant ? [v.tenant.slug] : [])))];
  return [
    h('p', {}, `Publishing was refused: ${violations.length} problem${violations.length === 1 ? '' : 's'}.`),
    h('ul', {}, ...violations.map((v) => h('li', {}, h('code', {}, v.path), `: ${v.message}`))),
    ...(broken.length > 0
      ? [
          h(
            'ul',
            { 'aria-label': 'Customers it would break' },
            ...broken.map((slug) => h('li', {}, `Would break ${slug}`)),
          ),
        ]
      : []),
  ];
}

function carryEdits(editor: Editor): void {
  try {
    sessionStorage.setItem(CARRIED, JSON.stringify(editor.tree()));
  } catch {
    // Storage refused (private mode, quota): the saved drafts still hold the work.
  }
}

function restoreCarried(editor: Editor, notice: (message: string) => void): void {
  let carried: string | null = null;
  try {
    carried = sessionStorage.getItem(CARRIED);
    sessionStorage.removeItem(CARRIED);
  } catch {
    return;
  }
  if (!carried) return;
  editor.setTree(JSON.parse(carried));
  notice('Your unsaved edits from before signing in are back in the editor.');
}
