import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { Document, isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { StepError } from '../errors.js';

/** Where a chart version reads the static token: a list in current charts, one string in old ones. */
export type TokenKey = 'staticAuthTokens' | 'staticAuthToken';

export interface HubSettings {
  hubUrl: string;
  devMode: boolean;
  tokens: string[];
  tokenKey: TokenKey;
}

export interface ValuesFile {
  path: string;
  doc: Document;
  /** The file's bytes as found, or undefined when it did not exist. */
  original?: string;
}

const HEADER = [
  ' Helm values for the kedge hub, written by create-kedge-hub.',
  ' It holds the hub admin token: keep it out of git and readable only by you (0600).',
].join('\n');

export async function loadValuesFile(path: string): Promise<ValuesFile> {
  let original: string;
  try {
    original = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      const doc = new Document({});
      doc.commentBefore = HEADER;
      return { path, doc };
    }
    throw new StepError(`Cannot read the values file ${path}: ${(error as Error).message}`, 'Check its permissions.');
  }
  return { path, doc: parseValues(original, path), original };
}

export function parseValues(text: string, path: string): Document {
  const doc = parseDocument(text);
  const problem = doc.errors[0];
  if (problem) {
    const where = problem.linePos?.[0] ? ` at line ${problem.linePos[0].line}` : '';
    throw new StepError(
      `The values file ${path} is not valid YAML${where}: ${problem.message.split('\n')[0]}`,
      'Nothing was changed. Fix the file, or move it aside to start afresh.',
    );
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new StepError(`The values file ${path} is YAML but not a map of keys.`, 'Nothing was changed. Fix the file, or move it aside to start afresh.');
  }
  return doc;
}

/** Every token the file holds, under either key. */
export function tokensInValues(doc: Document): string[] {
  const list = doc.getIn(['hub', 'staticAuthTokens']);
  const tokens = isSeq(list) ? list.items.map((item) => String((item as { value?: unknown }).value ?? item)) : [];
  const single = doc.getIn(['hub', 'staticAuthToken']);
  if (typeof single === 'string' && single) tokens.push(single);
  return tokens;
}

export function hubUrlInValues(doc: Document): string | undefined {
  const url = doc.getIn(['hub', 'hubExternalURL']);
  return typeof url === 'string' && url ? url : undefined;
}

/** Writes the hub keys into the document, keeping every other key and comment the user has. */
export function applyHubSettings(doc: Document, settings: HubSettings): void {
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  doc.setIn(['hub', 'hubExternalURL'], settings.hubUrl);
  doc.setIn(['hub', 'devMode'], settings.devMode);
  const otherKey: TokenKey = settings.tokenKey === 'staticAuthTokens' ? 'staticAuthToken' : 'staticAuthTokens';
  // A token left under the key this chart ignores would be a stale root password in clear text.
  if (doc.hasIn(['hub', otherKey])) doc.deleteIn(['hub', otherKey]);
  if (settings.tokenKey === 'staticAuthTokens') {
    const seq = new YAMLSeq();
    for (const token of settings.tokens) seq.add(doc.createNode(token));
    doc.setIn(['hub', 'staticAuthTokens'], seq);
  } else {
    doc.setIn(['hub', 'staticAuthToken'], settings.tokens[0] ?? '');
  }
  if (usesSelfSignedTls(doc)) addCertificateName(doc, new URL(settings.hubUrl).hostname);
}

/** The chart's default is a self-signed certificate unless the values choose another source. */
export function usesSelfSignedTls(doc: Document): boolean {
  if (doc.getIn(['hub', 'tls', 'selfSigned', 'enabled']) === false) return false;
  if (doc.getIn(['hub', 'tls', 'existingSecret'])) return false;
  if (doc.getIn(['hub', 'tls', 'certManager', 'enabled']) === true) return false;
  return true;
}

// The chart does not put the hub URL's host in its self-signed certificate by itself, so TLS to the hub would fail.
function addCertificateName(doc: Document, hostname: string): void {
  const host = hostname.replace(/^\[|\]$/g, '');
  const ip = isIP(host) !== 0;
  const key = ip ? 'ipAddresses' : 'dnsNames';
  const pathToList = ['hub', 'tls', 'selfSigned', key];
  const existing = doc.getIn(pathToList);
  if (isSeq(existing)) {
    const names = existing.items.map((item) => String((item as { value?: unknown }).value ?? item));
    if (!names.includes(host)) existing.add(doc.createNode(host));
    return;
  }
  // Helm replaces lists instead of merging them: keep the chart's default 127.0.0.1 when starting the list.
  const initial = ip && host !== '127.0.0.1' ? ['127.0.0.1', host] : [host];
  doc.setIn(pathToList, doc.createNode(initial));
}

export function renderValues(doc: Document): string {
  return doc.toString({ lineWidth: 0 });
}
