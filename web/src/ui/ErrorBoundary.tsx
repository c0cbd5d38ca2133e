// A section that fails to render shows the error in its place; the shell and menu stay usable.
import { Component, type ReactNode } from 'react';
import { LoadError } from './status.tsx';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error !== undefined)
      return (
        <LoadError error={this.state.error} retry={() => this.setState({ error: undefined })} />
      );
    return this.props.children;
  }
}
