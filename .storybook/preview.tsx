import type { Preview } from '@storybook/react-vite';
import '../src/styles/styles.css';
import { withAnnotationProvider } from '../stories/support/decorators';

const preview: Preview = {
  decorators: [withAnnotationProvider],
  globalTypes: {
    theme: {
      description: 'annokit theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'padded',
    // Accessibility violations fail the story tests, not just show in the panel.
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
    // Storybook opens on the first story: the welcome page with the kit's two headline uses.
    options: { storySort: { order: ['Welcome', 'Introduction', 'Pages', 'Feedback', 'Review', 'Insights', 'Hooks', 'Adapters'] } },
  },
};

export default preview;
