/** A kubeconfig whose cluster nothing listens on (port 1): enough for everything that must not touch a cluster. */
export function unreachableKubeconfig(contexts: string[] = ['prod']): string {
  return [
    'apiVersion: v1', 'kind: Config', `current-context: ${contexts[0]}`,
    'clusters: [{name: c1, cluster: {server: "https://127.0.0.1:1"}}]',
    `contexts: [${contexts.map((name) => `{name: ${name}, context: {cluster: c1, user: u1}}`).join(', ')}]`,
    'users: [{name: u1, user: {token: cluster-token}}]', '',
  ].join('\n');
}
