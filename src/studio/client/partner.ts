// A partner's (T1) panels: which customers the pending change would break (POST /api/v1/tokens/validate, as the
// publish would judge it), its catalog theme, the policy that binds its customers, their sign-in providers, and each
// customer's layer, read-only. What a panel needs a role for says so instead of failing.
import type { Policy, Violation } from '../../engine/types.ts';
import type { StudioData } from '../contract.ts';
import { call, errorMessage, type ApiErrorBody } from './api.ts';
import { debounce, fill, h } from './dom.ts';
import type { Editor } from './editor.ts';
import type { Published } from './workflow.ts';

interface PartnerOptions {
  data: StudioData;
  editor: Editor;
  published: Published;
  alert: (...parts: (string | Node)[]) => void;
  notice: (message: string) => void;
  refusalReport: (violations: readonly (Violation & { tenant?: { slug: string } })[]) => HTMLElement[];
  onPublished: (version: number, tree: unknown) => Promise<void>;
}

const PROVIDER_TITLES: Record<string, string> = { github: 'GitHub', google: 'Google' };

function region(id: string, title: string, ...children: (Node | string | null)[]): HTMLElement {
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

export function mountPartner(root: HTMLElement, options: PartnerOptions): void {
  const { data } = options;
  const member = data.viewer.role !== null;
  const admin = data.viewer.role === 'admin';
  const writer = admin || data.viewer.role === 'editor';
  const impact = h('div', {});
  const theme = h('div', {});
  const policy = h('div', {});
  const providers = h('div', {});
  const customers = h('div', {});
  fill(
    root,
    region('impact-heading', 'Impact', impact),
    region('theme-heading', 'Catalog theme', theme),
    region('policy-heading', 'Customer policy', policy),
    region('providers-heading', 'Sign-in providers', providers),
    region('customers-heading', 'Customers', customers),
  );
  mountImpact(impact, options, member);
  void mountTheme(theme, options, writer);
  void mountPolicy(policy, options, admin);
  void mountProviders(providers, options, admin);
  void mountCustomers(customers, options, member);
}

function mountImpact(root: HTMLElement, { data, editor }: PartnerOptions, member: boolean): void {
  if (!member) {
    fill(root, h('p', {}, `Members of ${data.tenant.name} see here which customers a change would break.`));
    return;
  }
  const status = h('div', { 'aria-live': 'polite' }, h('p', {}, 'No pending change checked yet.'));
  fill(root, status);
  let sequence = 0;
  const check = debounce(async () => {
    const mine = ++sequence;
    const answer = await call<{ impact: { tenant: { slug: string }; violations: Violation[] }[] }>(
      'POST',
      '/api/v1/tokens/validate',
      { body: editor.tree() },
    );
    if (mine !== sequence) return; // a later edit's answer is coming
    if (!answer.ok) {
      fill(status, h('p', {}, `The impact check failed: ${errorMessage(answer)}`));
      return;
    }
    const broken = answer.body.impact ?? [];
    fill(
      status,
      broken.length === 0
        ? h('p', {}, 'No customer would break.')
        : h(
            'ul',
            {},
            ...broken.map((b) =>
              h(
                'li',
                {},
                `Would break ${b.tenant.slug}: `,
                h('ul', {}, ...b.violations.map((v) => h('li', {}, h('code', {}, v.path), `: ${v.message}`))),
              ),
            ),
          ),
    );
  }, 600);
  editor.onChange(() => check());
  check();
}

async function mountTheme(root: HTMLElement, options: PartnerOptions, writer: boolean): Promise<void> {
  const { data, editor, published } = options;
  const answer = await call<{ name: string; title: string; description: string }[]>('GET', '/api/v1/themes');
  if (!answer.ok) {
    fill(root, h('p', {}, `The catalog did not load: ${errorMessage(answer)}`));
    return;
  }
  const own = data.chain.at(-1)!;
  const select = h(
    'select',
    { id: 'catalog-theme' },
    h('option', { value: '' }, 'None'),
    ...answer.body.map((t) => h('option', { value: t.name }, t.title)),
  );
  select.value = own.theme ?? '';
  const description = h('p', { class: 'muted' });
  const describe = () => {
    description.textContent = answer.body.find((t) => t.name === select.value)?.description ?? 'No catalog theme.';
  };
  describe();
  // The editor previews and validates the draft with the chosen theme at once; publishing it is a separate step.
  select.addEventListener('change', () => {
    describe();
    editor.setCatalogTheme(select.value || null);
  });
  const apply = h('button', { type: 'button' }, 'Publish theme');
  apply.addEventListener('click', async () => {
    const chosen = select.value || null;
    const result = await call<{ version: number }>('PUT', '/api/v1/tokens/theme', {
      body: { theme: chosen },
      ifMatch: published.version ?? 0,
    });
    if (result.ok) {
      published.version = result.body.version;
      options.notice(`Published the theme ${chosen ?? '(none)'} as v${result.body.version}.`);
      await options.onPublished(result.body.version, published.tree);
      return;
    }
    const error = (result.body as unknown as ApiErrorBody | null)?.error;
    if (error?.code === 'invalid_tokens')
      options.alert(...options.refusalReport((error.violations ?? []) as Violation[]));
    else if (result.status === 412)
      options.alert(
        `The published tokens changed since you loaded v${published.version}: reload the page, then choose again.`,
      );
    else options.alert(`The theme was not published: ${errorMessage(result)}`);
  });
  fill(
    root,
    h('label', { for: 'catalog-theme' }, 'Catalog theme'),
    h('div', { class: 'row' }, select, writer ? apply : null),
    description,
    writer ? null : h('p', {}, 'Choosing previews the theme here; publishing it needs the editor or admin role.'),
  );
}

async function mountPolicy(root: HTMLElement, options: PartnerOptions, admin: boolean): Promise<void> {
  if (!admin) {
    fill(root, h('p', {}, `Only an admin of ${options.data.tenant.name} sees and edits what customers may change.`));
    return;
  }
  const answer = await call<Policy>('GET', '/api/v1/tokens/policy');
  if (!answer.ok) {
    fill(root, h('p', {}, `The policy did not load: ${errorMessage(answer)}`));
    return;
  }
  let version = answer.version;
  const allow = h('textarea', { id: 'policy-allow', rows: 6 });
  allow.value = answer.body.allow.join('\n');
  const ranges = h('textarea', { id: 'policy-ranges', rows: 8 });
  ranges.value = JSON.stringify(answer.body.ranges, null, 2);
  const save = h('button', { type: 'button' }, 'Save policy');
  save.addEventListener('click', async () => {
    let parsedRanges: unknown;
    try {
      parsedRanges = JSON.parse(ranges.value || '{}');
    } catch (error) {
      options.alert(`The ranges are not JSON: ${(error as Error).message}`);
      ranges.focus();
      return;
    }
    const body = {
      allow: allow.value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
      ranges: parsedRanges,
    };
    const result = await call<Policy>('PUT', '/api/v1/tokens/policy', { body, ifMatch: version });
    if (result.ok) {
      version = result.version;
      options.notice('Saved the customer policy.');
    } else if (result.status === 412) {
      options.alert('The policy changed since you loaded it: reload the page to see the current one.');
    } else {
      options.alert(`The policy was not saved: ${errorMessage(result)}`);
    }
  });
  fill(
    root,
    h('label', { for: 'policy-allow' }, 'Allowed paths (one per line, * matches one segment)'),
    allow,
    h('label', { for: 'policy-ranges' }, 'Ranges (JSON: path → {maxDeltaE, lightness, hue, min, max})'),
    ranges,
    h('div', { class: 'row' }, save),
  );
}

async function mountProviders(root: HTMLElement, options: PartnerOptions, admin: boolean): Promise<void> {
  if (!admin) {
    fill(root, h('p', {}, `Only an admin of ${options.data.tenant.name} chooses how its customers sign in.`));
    return;
  }
  const answer = await call<{ providers: string[] }>('GET', '/api/v1/auth/providers');
  if (!answer.ok) {
    fill(root, h('p', {}, `The providers did not load: ${errorMessage(answer)}`));
    return;
  }
  let version = answer.version;
  const boxes = Object.entries(PROVIDER_TITLES).map(([id, title]) => {
    const box = h('input', { type: 'checkbox', id: `provider-${id}`, value: id });
    box.checked = answer.body.providers.includes(id);
    return { box, row: h('div', { class: 'row' }, box, h('label', { for: `provider-${id}` }, title)) };
  });
  const save = h('button', { type: 'button' }, 'Save providers');
  save.addEventListener('click', async () => {
    const chosen = boxes.filter((b) => b.box.checked).map((b) => b.box.value);
    const result = await call('PUT', '/api/v1/auth/providers', { body: { providers: chosen }, ifMatch: version });
    if (result.ok) {
      version = result.version;
      options.notice(`Customers may sign in with: ${chosen.map((id) => PROVIDER_TITLES[id]).join(', ') || 'nothing'}.`);
    } else if (result.status === 412) {
      options.alert('The provider list changed since you loaded it: reload the page to see the current one.');
    } else {
      options.alert(`The providers were not saved: ${errorMessage(result)}`);
    }
  });
  fill(
    root,
    h('fieldset', {}, h('legend', {}, 'Providers your customers may sign in with'), ...boxes.map((b) => b.row)),
    h('div', { class: 'row' }, save),
  );
}

async function mountCustomers(root: HTMLElement, { data }: PartnerOptions, member: boolean): Promise<void> {
  if (!member) {
    fill(root, h('p', {}, `Members of ${data.tenant.name} browse its customers' layers here.`));
    return;
  }
  const answer = await call<{ id: string; slug: string; name: string; tier: number }[]>('GET', '/api/v1/tenants');
  if (!answer.ok) {
    fill(root, h('p', {}, `The customers did not load: ${errorMessage(answer)}`));
    return;
  }
  const children = answer.body.filter((t) => t.tier === 2);
  if (children.length === 0) {
    fill(root, h('p', {}, 'No customers yet.'));
    return;
  }
  fill(
    root,
    h(
      'ul',
      { class: 'plain' },
      ...children.map((child) => {
        const body = h('div', {}, h('p', {}, 'Loading…'));
        const details = h('details', {}, h('summary', {}, `${child.name} (${child.slug})`), body);
        let loaded = false;
        details.addEventListener('toggle', async () => {
          if (!details.open || loaded) return;
          loaded = true;
          const base = `/api/v1/tenants/${encodeURIComponent(child.id)}/tokens`;
          const [layer, versions] = await Promise.all([
            call<{ version: number | null; tokens: unknown }>('GET', `${base}/overrides`),
            call<{ version: number; summary: string }[]>('GET', `${base}/versions`),
          ]);
          fill(
            body,
            layer.ok
              ? h(
                  'div',
                  {},
                  h(
                    'p',
                    {},
                    layer.body.version === null ? 'Nothing published yet.' : `Published v${layer.body.version}:`,
                  ),
                  h(
                    'pre',
                    { tabindex: '0', 'aria-label': `${child.slug} overrides` },
                    JSON.stringify(layer.body.tokens, null, 2),
                  ),
                )
              : h('p', {}, `The layer did not load: ${errorMessage(layer)}`),
            versions.ok
              ? h(
                  'ul',
                  { 'aria-label': `${child.slug} history` },
                  ...versions.body.map((v) => h('li', {}, `v${v.version} — ${v.summary || 'no changes'}`)),
                )
              : null,
          );
        });
        return h('li', {}, details);
      }),
    ),
  );
}
