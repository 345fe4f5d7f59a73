import { DEFAULT_CHART } from './options.js';

export const HELP_TEXT = `create-kedge-hub — set up a kedge hub secured by a static token, in one command.

It generates the token, writes the Helm values file outside git, installs the
hub with helm, waits until it is ready, logs you in with kubectl kedge, and
checks that the hub answers. The token is never printed unless you ask.

Usage
  npx create-kedge-hub [flags]             install, or re-apply an existing install
  npx create-kedge-hub --yes [flags]       the same without questions, for scripts and CI
  npx create-kedge-hub rotate [flags]      replace the token; the old one is proven dead
  npx create-kedge-hub preflight [flags]   check what an install needs; change nothing
  npx create-kedge-hub verify [flags]      check the hub, the login and the token's age

  Interactive on a terminal: it asks only what flags leave open. A re-run finds
  the existing install and offers: rotate the token, re-apply settings, verify, quit.

Where the hub goes
  --hub-url URL            the hub's external https URL (required with --yes)
  --kube-context NAME      cluster to install into (default: the current context);
                           pinned on every helm and kubectl call
  -n, --namespace NAME     namespace for the release (default: kedge-system)
  --release NAME           Helm release name (default: kedge)
  --chart REF              chart to install (default: ${DEFAULT_CHART});
                           a local chart directory or .tgz works too (air-gapped)
  --chart-version VERSION  chart version (default: the latest)
  --values PATH            values file to create or update (default:
                           $XDG_CONFIG_HOME/kedge-hub/<release>.values.yaml, or ~/.config/…)

Without Helm: the kedge-hub binary on this machine
  --target helm|binary     helm: install on a cluster (the default); binary: run the
                           kedge-hub binary here, in the background (asked on a
                           terminal; a re-run finds which one an earlier run set up)
  --hub-dir PATH           the binary's one directory, outside git (0700): token,
                           certificate and key, launcher run-hub.sh, data, hub.log,
                           hub.pid (default: $XDG_CONFIG_HOME/kedge-hub/<release>/)
  --hub-binary PATH        the kedge-hub executable (default: kedge-hub on PATH)
  --no-start               write the files only; start later with <dir>/run-hub.sh
  --systemd                also write a systemd user unit, kept in the hub directory
                           as <dir>/kedge-hub-<release>.service; run the hub under
                           systemd with: systemctl --user enable --now <that file>
                           (stop the one the wizard started first)
                           The hub URL defaults to https://localhost:9443; the hub
                           listens on its port (9443 when the URL has none). One hub
                           per host: its embedded etcd binds :2380.

TLS
  --dev-mode, --no-dev-mode
                           dev mode lets kubeconfigs skip TLS verification of the
                           hub's self-signed certificate (default: on, as for
                           self-signed TLS; turn it off with a trusted certificate)
  --insecure-skip-tls-verify
                           do not verify the hub's certificate when logging in

The token
  --token-file PATH        use the token in PATH instead of generating one
  --token-stdin            read the token from standard input
                           (a token is at least 32 characters of A-Z a-z 0-9 . _ ~ -)
  --show-token             print the token in the summary (it is a root password)

Rotating
  --overlap                keep the old token working next to the new one, so
                           other machines can log in again before it stops
  --finish                 end an overlap: remove the old tokens, prove them dead
  --max-token-age DAYS     warn when the token is older (default: 90)

Running
  -y, --yes                ask nothing; use flags and defaults
  --dry-run                print the plan and the exact commands; change nothing
  -o, --output text|json   json: one JSON document on stdout (for preflight,
                           verify and every run); implies no questions
  --timeout DURATION       how long to wait for helm, the rollout and the hub
                           (default: 10m; e.g. 90s, 15m, 1h)
  -h, --help               this help
  --version                print the version

Examples
  npx create-kedge-hub
  npx create-kedge-hub --yes --hub-url https://hub.example.com --kube-context prod
  npx create-kedge-hub --dry-run --yes --hub-url https://hub.example.com
  pass show kedge/token | npx create-kedge-hub --yes --token-stdin --hub-url https://hub.example.com
  npx create-kedge-hub rotate --yes
  npx create-kedge-hub --target binary --yes
  npx create-kedge-hub --target binary --yes --hub-url https://10.0.0.5:9443 --systemd
  npx create-kedge-hub --chart ./kedge-hub-0.0.108.tgz --hub-url https://10.0.0.5:9443 --yes

Exit codes: 0 done, 1 a step failed, 2 bad usage, 130 cancelled.
`;
