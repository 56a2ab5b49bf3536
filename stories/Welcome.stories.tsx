import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ChatApp } from './pages/ChatApp';
import { ReviewConsole } from './pages/ReviewConsole';

/** What annokit is for, live: thumbs in a product's chat, and the console where the team reviews. */
function WelcomePage() {
  return (
    <div className="ak:flex ak:flex-col ak:gap-6 ak:p-4 ak:font-ak ak:text-ak-fg">
      <header className="ak:flex ak:max-w-3xl ak:flex-col ak:gap-2">
        <h1 className="ak:m-0 ak:text-2xl">annokit</h1>
        <p className="ak:m-0 ak:text-sm ak:leading-relaxed">
          Feedback and review components for LLM applications, in Arize Phoenix&apos;s annotation model. Both pages below are live,
          over the in-browser adapter and generated traces: vote in the chat, then filter, select, label and walk through spans in
          the console. The same components talk to Phoenix, Langfuse or your own API through an adapter.
        </p>
      </header>
      <div className="ak:grid ak:items-start ak:gap-6 ak:2xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <section aria-labelledby="welcome-chat" className="ak:flex ak:flex-col ak:gap-2">
          <h2 id="welcome-chat" className="ak:m-0 ak:text-base">
            In your product: thumbs under every answer
          </h2>
          <div className="ak:rounded-ak-lg ak:border ak:border-ak-border">
            <ChatApp embedded messages={6} storageKey="annokit-welcome-chat" />
          </div>
        </section>
        <section aria-labelledby="welcome-review" className="ak:flex ak:flex-col ak:gap-2">
          <h2 id="welcome-review" className="ak:m-0 ak:text-base">
            In your admin tool: the review console
          </h2>
          <div className="ak:rounded-ak-lg ak:border ak:border-ak-border ak:p-4">
            <ReviewConsole embedded />
          </div>
        </section>
      </div>
    </div>
  );
}

const meta = {
  title: 'Welcome',
  component: WelcomePage,
  parameters: { layout: 'fullscreen', annokit: { traces: 300, latencyMs: 20 } },
} satisfies Meta<typeof WelcomePage>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The page Storybook opens on: the chat app with thumbs and the review console, side by side. */
export const Welcome: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const chat = within(canvas.getByRole('region', { name: 'Trip planner chat' }));
    const [up] = chat.getAllByRole('button', { name: 'Good response' });
    await userEvent.click(up!);
    await waitFor(() => expect(up).toHaveAttribute('aria-pressed', 'true'));
    const review = within(canvas.getByRole('region', { name: 'Review console' }));
    await review.findAllByRole('row', { selected: false }, { timeout: 8000 });
    await expect(review.getByRole('region', { name: 'Review queue' })).toBeVisible();
  },
};
