/**
 * Third-party actions the generated workflows use, pinned to full commit SHAs so a moved tag
 * cannot change what runs. The version goes into a YAML comment next to the `uses:` line, which
 * is what Dependabot and Renovate read when they propose an update.
 *
 * SHAs looked up 2026-11-27 (release tags of the `actions/*` repositories); update deliberately.
 */
export interface PinnedAction {
  readonly repo: string;
  readonly sha: string;
  readonly version: string;
}

/** `actions/checkout` v7.0.1. */
export const CHECKOUT: PinnedAction = {
  repo: "actions/checkout",
  sha: "3d3c42e5aac5ba805825da76410c181273ba90b1",
  version: "v7.0.1",
};

/** `actions/upload-artifact` v7.0.2. */
export const UPLOAD_ARTIFACT: PinnedAction = {
  repo: "actions/upload-artifact",
  sha: "cf430e030ddbb5b0abf93d22962f4752f3646cd9",
  version: "v7.0.2",
};

/** `actions/download-artifact` v8.0.2. */
export const DOWNLOAD_ARTIFACT: PinnedAction = {
  repo: "actions/download-artifact",
  sha: "9000827ccba6bdab643e8b6fd33ac0654aef8333",
  version: "v8.0.2",
};

/** `actions/github-script` v8.0.0: runs the small JavaScript glue (metrics, gates, registry). */
export const GITHUB_SCRIPT: PinnedAction = {
  repo: "actions/github-script",
  sha: "ed597411d8f924073f98dfc5c65a23a2325f34cd",
  version: "v8.0.0",
};

export const PINNED_ACTIONS: readonly PinnedAction[] = [CHECKOUT, UPLOAD_ARTIFACT, DOWNLOAD_ARTIFACT, GITHUB_SCRIPT];

/** The `uses:` value of a pinned action. */
export function uses(action: PinnedAction): string {
  return `${action.repo}@${action.sha}`;
}
