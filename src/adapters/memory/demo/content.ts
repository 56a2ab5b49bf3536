/**
 * What the demo customer-support assistant talks about: each scenario has the questions customers
 * ask, the tool the agent calls, the help-centre articles it retrieves, the right answer and a
 * plausible wrong one (so the judges and reviewers have something to catch). `{placeholders}` are
 * filled per conversation.
 */
export interface Scenario {
  topic: 'refunds' | 'shipping' | 'account' | 'billing' | 'orders';
  intent: string;
  questions: string[];
  /** Follow-up questions in the same session, each with its right answer. */
  followUps: Array<[question: string, answer: string]>;
  tool: {
    name: string;
    description: string;
    parameters: Record<string, unknown>;
    args: Record<string, string>;
    result: Record<string, unknown>;
  };
  articles: string[];
  answer: string;
  /** A confident answer that contradicts the tool result or the policy. */
  wrongAnswer: string;
}

export interface HelpArticle {
  id: string;
  title: string;
  content: string;
}

export const HELP_CENTRE: Record<string, HelpArticle> = {
  'kb-refund-policy': {
    id: 'kb-refund-policy',
    title: 'Refund policy',
    content:
      'Items can be returned within 30 days of delivery for a full refund to the original payment method. Refunds are issued within 2 business days of the return being scanned and usually appear on the statement 5-10 business days later.',
  },
  'kb-damaged-items': {
    id: 'kb-damaged-items',
    title: 'Damaged or defective items',
    content:
      'If an item arrives damaged, we refund it or send a replacement without asking for a return. Customers should report the damage within 14 days and may be asked for a photo.',
  },
  'kb-late-returns': {
    id: 'kb-late-returns',
    title: 'Returns after 30 days',
    content:
      'Returns requested after the 30-day window are not eligible for a refund. As a one-time courtesy, agents may offer store credit for unused items returned within 60 days.',
  },
  'kb-shipping-times': {
    id: 'kb-shipping-times',
    title: 'Shipping times',
    content:
      'Standard shipping takes 3-5 business days within the continental US; express takes 1-2 business days. Orders placed after 2 pm ET ship the next business day.',
  },
  'kb-international': {
    id: 'kb-international',
    title: 'International shipping',
    content:
      'We ship to 38 countries. International orders take 7-14 business days; duties and import taxes are collected at checkout for the EU, UK and Canada and are paid on delivery elsewhere.',
  },
  'kb-address-change': {
    id: 'kb-address-change',
    title: 'Changing a delivery address',
    content:
      'The delivery address can be changed until the order is packed, usually within 1 hour of purchase. Once a label is printed, the customer can redirect the parcel through the carrier.',
  },
  'kb-lost-parcel': {
    id: 'kb-lost-parcel',
    title: 'Lost parcels',
    content:
      'A parcel counts as lost when tracking has not updated for 7 days. We then send a free replacement or a full refund, whichever the customer prefers.',
  },
  'kb-password-reset': {
    id: 'kb-password-reset',
    title: 'Resetting your password',
    content:
      'A password reset link is valid for 30 minutes. If the email does not arrive, check the spam folder; accounts created with Google or Apple sign-in have no password to reset.',
  },
  'kb-email-change': {
    id: 'kb-email-change',
    title: 'Changing the email on your account',
    content:
      'The account email can be changed in Settings > Profile. We send a confirmation link to the new address, and the change takes effect once it is clicked.',
  },
  'kb-delete-account': {
    id: 'kb-delete-account',
    title: 'Deleting your account',
    content:
      'Account deletion removes order history and saved addresses within 30 days, as required by GDPR. Open orders must be delivered or cancelled first. Deletion cannot be undone.',
  },
  'kb-subscriptions': {
    id: 'kb-subscriptions',
    title: 'Managing a subscription',
    content:
      'Subscriptions can be paused for up to 3 months or cancelled at any time. Cancelling stops the next renewal; the current period stays active until it ends and is not refunded pro rata.',
  },
  'kb-double-charge': {
    id: 'kb-double-charge',
    title: 'Seeing two charges',
    content:
      'A second charge is often a pending authorisation that drops off within 3-5 business days. If both charges have settled, we refund the duplicate immediately.',
  },
  'kb-promo-codes': {
    id: 'kb-promo-codes',
    title: 'Promo codes',
    content:
      'Only one promo code can be used per order. Codes do not apply to gift cards or items already on sale, and most codes have a minimum order value.',
  },
  'kb-exchanges': {
    id: 'kb-exchanges',
    title: 'Exchanging for a different size or colour',
    content:
      'Exchanges are free within 30 days. We ship the new item as soon as the return is scanned by the carrier, or right away for customers with a saved payment method.',
  },
};

export const SCENARIOS: Scenario[] = [
  {
    topic: 'refunds',
    intent: 'refund_damaged_item',
    questions: [
      'My order {order} arrived with a cracked {product}. Can I get a refund?',
      'Hi, the {product} from order {order} came broken. What can you do?',
      'I received a damaged {product} ({order}). I want my money back.',
    ],
    followUps: [
      ['Do I need to send the broken one back?', 'No, please keep or recycle it. For damaged items we never ask for a return.'],
      ['How long until the refund shows up on my card?', 'The refund of ${amount} was issued today; most banks show it within 5-10 business days.'],
      ['Can I get a replacement instead?', 'Of course. I can cancel the refund and ship a new {product} by express at no cost. Shall I go ahead?'],
    ],
    tool: {
      name: 'lookup_order',
      description: 'Look up an order by its number: status, items, totals and delivery date.',
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
      args: { order_id: '{order}' },
      result: { order_id: '{order}', status: 'delivered', delivered_at: '{date}', items: [{ sku: '{sku}', name: '{product}', price: '{amount}' }], payment: 'visa-4242' },
    },
    articles: ['kb-damaged-items', 'kb-refund-policy'],
    answer:
      "I'm sorry the {product} arrived damaged. I've refunded ${amount} to your Visa ending in 4242 for order {order}; you don't need to send it back. The refund should appear within 5-10 business days.",
    wrongAnswer:
      "I'm sorry about that. Please ship the {product} back to us within 7 days using a prepaid label, and we'll refund ${amount} once it arrives at our warehouse.",
  },
  {
    topic: 'refunds',
    intent: 'refund_outside_window',
    questions: [
      "I'd like to return the {product} I bought in {month}. Order {order}.",
      'Can I still return order {order}? I never used the {product}.',
    ],
    followUps: [
      ['Not even store credit?', 'Yes: store credit of ${amount} is possible because the {product} is unused, as long as it reaches us within 60 days of delivery.'],
      ['That seems unfair, it is still in the box.', 'I understand. A refund is not possible after 30 days, but I have added a note to your account and can issue ${amount} in store credit as soon as the return is scanned.'],
    ],
    tool: {
      name: 'lookup_order',
      description: 'Look up an order by its number: status, items, totals and delivery date.',
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
      args: { order_id: '{order}' },
      result: { order_id: '{order}', status: 'delivered', delivered_at: '{date}', days_since_delivery: 47, items: [{ sku: '{sku}', name: '{product}', price: '{amount}' }] },
    },
    articles: ['kb-late-returns', 'kb-refund-policy'],
    answer:
      'Order {order} was delivered 47 days ago, so it is outside our 30-day refund window. Since the {product} is unused, I can offer store credit of ${amount} if you send it back within the next 13 days. Would you like a return label?',
    wrongAnswer: 'No problem: all unused items can be refunded within 90 days. I have started a full refund of ${amount} for order {order}.',
  },
  {
    topic: 'shipping',
    intent: 'where_is_my_order',
    questions: ['Where is my order {order}? It was supposed to arrive yesterday.', 'Tracking for {order} has not moved in days.', 'When will my {product} arrive?'],
    followUps: [
      ['Can you send it express instead?', 'It is already on its way with {carrier}, so I cannot upgrade it, but it is expected on {date}.'],
      ['What happens if it never shows up?', 'If tracking has not moved for 7 days, we send a free replacement or a full refund, whichever you prefer.'],
      ['Can I pick it up at the depot?', '{carrier} lets you hold the parcel at the {city} facility: use tracking number {tracking} on their website to choose pickup.'],
    ],
    tool: {
      name: 'track_shipment',
      description: 'Get the carrier, latest scan and estimated delivery for an order.',
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
      args: { order_id: '{order}' },
      result: { carrier: '{carrier}', tracking_number: '{tracking}', status: 'in_transit', last_scan: 'Arrived at {city} sort facility', estimated_delivery: '{date}' },
    },
    articles: ['kb-shipping-times', 'kb-lost-parcel'],
    answer:
      'Your order {order} is with {carrier} (tracking {tracking}). It was last scanned at the {city} sort facility and is now expected on {date}. If it has not moved by then, tell me and I will send a replacement at no cost.',
    wrongAnswer: 'Your order {order} was delivered this morning and left at your front door, according to {carrier}.',
  },
  {
    topic: 'shipping',
    intent: 'change_address',
    questions: ['I moved last week. Can you change the delivery address for {order}?', 'I typed the wrong street for order {order}, can you fix it?'],
    followUps: [
      ['Will that delay the delivery?', 'No, the order had not been packed yet, so it still ships on time to {address}.'],
      ['Can you also update my default address?', 'I cannot change saved addresses from here, but you can do it in Settings > Addresses in a few seconds.'],
    ],
    tool: {
      name: 'update_shipping_address',
      description: 'Change the delivery address of an order that has not been packed yet.',
      parameters: {
        type: 'object',
        properties: { order_id: { type: 'string' }, address: { type: 'string' } },
        required: ['order_id', 'address'],
      },
      args: { order_id: '{order}', address: '{address}' },
      result: { updated: true, order_id: '{order}', address: '{address}', status: 'processing' },
    },
    articles: ['kb-address-change'],
    answer: 'Done: order {order} will now go to {address}. It had not been packed yet, so the delivery date does not change.',
    wrongAnswer: 'Addresses can never be changed after checkout. Please cancel order {order} and place it again.',
  },
  {
    topic: 'shipping',
    intent: 'international_shipping',
    questions: ['Do you ship to {country}? How much are import taxes?', 'How long does shipping to {country} take?'],
    followUps: [
      ['Is express available to {country}?', 'Yes, express to {country} takes 3-5 business days and costs $49.00.'],
      ['Who pays the customs fees?', 'For {country}, duties and import taxes are collected at checkout, so the courier will not ask you for anything.'],
    ],
    tool: {
      name: 'shipping_quote',
      description: 'Quote shipping cost and time to a country.',
      parameters: { type: 'object', properties: { country: { type: 'string' } }, required: ['country'] },
      args: { country: '{country}' },
      result: { country: '{country}', available: true, cost: 24.0, business_days: '7-14', duties_at_checkout: true },
    },
    articles: ['kb-international', 'kb-shipping-times'],
    answer:
      'Yes, we ship to {country}: it costs $24.00 and takes 7-14 business days. Duties and import taxes are added at checkout, so there is nothing to pay on delivery.',
    wrongAnswer: 'Yes, we ship to {country} for free in 2 business days, and there are never any import taxes.',
  },
  {
    topic: 'account',
    intent: 'password_reset',
    questions: ["I can't log in, the reset email never arrives.", 'How do I reset my password? My email is {email}.'],
    followUps: [
      ['Still nothing, even in spam.', 'Sorry about that. I have sent another link to {email}; some providers delay our emails by up to 10 minutes. If it still does not arrive, I can escalate to a teammate.'],
      ['I signed up with Google, does that matter?', 'Yes: accounts created with Google sign-in have no password. Use "Continue with Google" on the login page instead.'],
    ],
    tool: {
      name: 'send_password_reset',
      description: 'Send a password reset link to the email on file.',
      parameters: { type: 'object', properties: { email: { type: 'string', format: 'email' } }, required: ['email'] },
      args: { email: '{email}' },
      result: { sent: true, email: '{email}', expires_in_minutes: 30 },
    },
    articles: ['kb-password-reset'],
    answer:
      'I have sent a new reset link to {email}; it is valid for 30 minutes. If it is not in your inbox within a few minutes, please check the spam folder.',
    wrongAnswer: 'I have reset your password to your postcode. You can log in with it now and change it later.',
  },
  {
    topic: 'account',
    intent: 'change_email',
    questions: ['Please change my account email to {email}.', 'How do I update the email address on my account?'],
    followUps: [
      ['I did not get the confirmation link.', 'I have resent it to {email}. Please also check the spam folder; the link is valid for 24 hours.'],
      ['Will my order history stay?', 'Yes, your orders, saved addresses and rewards stay exactly as they are.'],
    ],
    tool: {
      name: 'update_account_email',
      description: 'Start an email change: sends a confirmation link to the new address.',
      parameters: { type: 'object', properties: { new_email: { type: 'string', format: 'email' } }, required: ['new_email'] },
      args: { new_email: '{email}' },
      result: { pending_confirmation: true, new_email: '{email}' },
    },
    articles: ['kb-email-change'],
    answer: 'I have sent a confirmation link to {email}. Your account switches to the new address as soon as you click it; your orders and saved addresses stay as they are.',
    wrongAnswer: 'Your email is now {email}. No confirmation is needed.',
  },
  {
    topic: 'account',
    intent: 'delete_account',
    questions: ['Delete my account and all my data please.', 'I want you to erase everything you have about me (GDPR).'],
    followUps: [
      ['How long does it take?', 'The privacy team completes deletions within 30 days; you will get an email when it is done.'],
      ['What about my open order?', 'Open orders must be delivered or cancelled before we can delete the account. I can cancel it for you if it has not shipped.'],
    ],
    tool: {
      name: 'create_support_ticket',
      description: 'Open a ticket for the privacy team.',
      parameters: {
        type: 'object',
        properties: { category: { type: 'string' }, summary: { type: 'string' } },
        required: ['category', 'summary'],
      },
      args: { category: 'privacy', summary: 'Account deletion request' },
      result: { ticket_id: 'PRIV-{ticket}', queue: 'privacy', sla_days: 30 },
    },
    articles: ['kb-delete-account'],
    answer:
      'I have opened a deletion request (ticket PRIV-{ticket}). Your account and data will be removed within 30 days. This cannot be undone, and any open orders need to be delivered or cancelled first.',
    wrongAnswer: 'Your account has been deleted immediately and all your data is gone.',
  },
  {
    topic: 'billing',
    intent: 'double_charge',
    questions: ['I was charged twice for order {order}!', 'Why do I see two charges of ${amount} on my card?'],
    followUps: [
      ['When will the second one disappear?', 'Pending authorisations usually drop off within 3-5 business days, depending on your bank.'],
      ['Can you refund it now?', 'There is nothing to refund yet: the second ${amount} was never collected. If it is still there after 5 business days, contact us and we will refund it right away.'],
    ],
    tool: {
      name: 'list_charges',
      description: "List the card charges and authorisations for a customer's recent orders.",
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
      args: { order_id: '{order}' },
      result: { charges: [{ amount: '{amount}', state: 'settled' }, { amount: '{amount}', state: 'pending_authorization' }] },
    },
    articles: ['kb-double-charge'],
    answer:
      'Only one of the two ${amount} charges for order {order} has gone through; the other is a pending authorisation from when the payment was first attempted. Your bank releases it automatically within 3-5 business days.',
    wrongAnswer: 'You were charged twice by mistake. I have refunded both charges, so order {order} is now free.',
  },
  {
    topic: 'billing',
    intent: 'cancel_subscription',
    questions: ['Cancel my {plan} subscription.', 'How do I stop the monthly {plan} box?'],
    followUps: [
      ['Do I get money back for this month?', 'No, the current period is not refunded pro rata, but your {plan} access continues until {date}.'],
      ['Can I pause it instead?', 'Yes, you can pause the {plan} subscription for up to 3 months. I have undone the cancellation and paused it until you resume.'],
    ],
    tool: {
      name: 'cancel_subscription',
      description: 'Cancel a subscription at the end of its current period.',
      parameters: { type: 'object', properties: { subscription_id: { type: 'string' } }, required: ['subscription_id'] },
      args: { subscription_id: 'sub_{ticket}' },
      result: { cancelled: true, active_until: '{date}', refund: 0 },
    },
    articles: ['kb-subscriptions'],
    answer:
      'Your {plan} subscription is cancelled and will not renew. You keep access until {date}; the current period is not refunded. If you only need a break, you can pause it for up to 3 months instead.',
    wrongAnswer: 'Your {plan} subscription is cancelled and I have refunded the full current month.',
  },
  {
    topic: 'orders',
    intent: 'promo_code',
    questions: ['The code {code} does not work at checkout.', 'Why was my promo code {code} rejected?'],
    followUps: [
      ['Can you apply it manually?', 'I cannot override the minimum order value for {code}, sorry. Orders above $75 get it automatically.'],
      ['Can I use two codes?', 'Only one promo code can be used per order; the one with the bigger discount is usually best.'],
    ],
    tool: {
      name: 'validate_promo_code',
      description: 'Check whether a promo code applies to the current cart.',
      parameters: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
      args: { code: '{code}' },
      result: { code: '{code}', valid: false, reason: 'minimum_order_value', minimum: 75 },
    },
    articles: ['kb-promo-codes'],
    answer: 'The code {code} needs an order of at least $75 before tax; your cart is below that. Add a little more and it will apply.',
    wrongAnswer: 'The code {code} has expired and can no longer be used.',
  },
  {
    topic: 'orders',
    intent: 'exchange_size',
    questions: ['The {product} from {order} is too small. Can I swap it for a larger size?', 'I want to exchange the {product} for another colour.'],
    followUps: [
      ['Do I pay for the return shipping?', 'No, exchanges are free, including the return label in your email.'],
      ['Can you send the new one before I return the old one?', 'Yes, because you have a saved card on file, the new size can ship today; we only charge it if the original is not returned within 30 days.'],
    ],
    tool: {
      name: 'create_exchange',
      description: 'Create an exchange for an item in an order.',
      parameters: {
        type: 'object',
        properties: { order_id: { type: 'string' }, sku: { type: 'string' }, new_variant: { type: 'string' } },
        required: ['order_id', 'sku'],
      },
      args: { order_id: '{order}', sku: '{sku}', new_variant: 'L' },
      result: { exchange_id: 'EX-{ticket}', return_label_url: 'https://returns.example.com/EX-{ticket}', ships_when: 'return_scanned' },
    },
    articles: ['kb-exchanges', 'kb-refund-policy'],
    answer:
      'I have set up exchange EX-{ticket} for the {product}. The return label is in your email; the new size ships as soon as the carrier scans your return, and the exchange is free.',
    wrongAnswer: 'Exchanges cost $9.95 and take 3-4 weeks. I have charged your card and started exchange EX-{ticket}.',
  },
];

/** Follow-ups any conversation can end with, after the scenario's own. */
export const CLOSING_FOLLOW_UPS: Array<[question: string, answer: string]> = [
  ['Thanks, that helps!', "You're welcome! Is there anything else I can help you with today?"],
  ['Can I talk to a person?', 'Of course. I have passed this conversation to a teammate; they usually reply here within 2 hours.'],
  ['Will I get an email about this?', 'Yes, a confirmation email is on its way; it can take a few minutes to arrive.'],
];

export const PRODUCTS = ['ceramic pour-over set', 'wool throw blanket', 'desk lamp', 'running jacket', 'espresso grinder', 'linen duvet cover', 'water bottle', 'standing desk mat'];
export const CARRIERS = ['UPS', 'FedEx', 'USPS', 'DHL'];
export const CITIES = ['Memphis', 'Louisville', 'Reno', 'Columbus', 'Allentown', 'Denver'];
export const COUNTRIES = ['Canada', 'Germany', 'Japan', 'the UK', 'Australia', 'Mexico'];
export const PLANS = ['Coffee Club', 'Basics', 'Premium'];
export const CODES = ['SPRING15', 'WELCOME10', 'FREESHIP', 'VIP20'];
export const STREETS = ['12 Harbor Lane, Portland, ME 04101', '480 Elm St Apt 3B, Austin, TX 78701', '77 Cedar Ave, Madison, WI 53703', '9 Ocean View Rd, San Diego, CA 92109'];
export const FIRST_NAMES = ['ana', 'ben', 'chloe', 'dev', 'elena', 'farid', 'grace', 'hiro', 'ines', 'jamal', 'kim', 'lucas'];
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const SYSTEM_PROMPT =
  'You are Ava, the customer-support assistant for Northwind Home. Answer in a friendly, concise tone. Use the tools to look up orders and accounts before answering; never invent order details or policies. Escalate to a human when the customer asks for one.';

export const JUDGE_EXPLANATIONS = {
  correct: [
    'The answer matches the order data returned by the tool and the refund policy article.',
    'The response gives the right status and next steps, consistent with the retrieved article.',
    'All facts in the answer are supported by the tool output.',
  ],
  incorrect: [
    'The answer contradicts the tool output: the order data says otherwise.',
    'The response states a policy that does not match the retrieved help-centre article.',
    'The assistant promised an action the tool result does not support.',
  ],
  factual: ['Every claim is grounded in the retrieved context.', 'No unsupported claims found.'],
  hallucinated: [
    'The answer invents a policy detail that appears in none of the retrieved documents.',
    'The response cites a delivery status that the tracking data does not contain.',
  ],
};

export const REVIEWER_COMMENTS = [
  'Tone is good but it should have offered store credit up front.',
  'Correct, though it could link the help article.',
  'The agent should have asked for a photo of the damage first.',
  'Wrong policy: returns need a label, not a free refund.',
  'Escalation would have been better here; the customer was upset.',
  'Great answer, use this one as a golden example.',
];

export const NOTES = [
  'Customer contacted us again by phone the same day; see ticket history.',
  'Policy changed on the 1st; this answer reflects the old window.',
  'Flagging for the prompt review on Thursday.',
  'Tool returned stale tracking data here; not the model’s fault.',
];
