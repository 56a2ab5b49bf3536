import type { Preview } from '@storybook/react-vite';
import '../src/styles/styles.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    // Accessibility violations fail the story tests, not just show in the panel.
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
  },
};

export default preview;
