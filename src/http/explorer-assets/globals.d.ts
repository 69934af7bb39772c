// The parts of the UMD builds the explorer page loads before explorer.js (React 18, ReactDOM 18,
// GraphiQL 3) that explorer.js uses, as the browser globals they define.

/** A React element; explorer.js only passes it on. */
interface ExplorerReactElement {
  readonly type: unknown;
}

interface GraphiQLProps {
  fetcher: (
    params: unknown,
    options: { headers?: Record<string, unknown> } | undefined,
  ) => Promise<Record<string, unknown>>;
  defaultQuery: string;
  shouldPersistHeaders: boolean;
  defaultEditorToolsVisibility: boolean;
}

declare const GraphiQL: (props: GraphiQLProps) => ExplorerReactElement;

declare const React: {
  createElement<P>(component: (props: P) => ExplorerReactElement, props: P): ExplorerReactElement;
};

declare const ReactDOM: {
  createRoot(container: Element): { render(element: ExplorerReactElement): void };
};
