import type { ContentKind, CreateContentInput } from '../../contracts/content.js';
import { demoScoring } from './demo-exemplars.js';

/**
 * The demo that `npm run seed:demo` loads: three client communities, their people, and a dozen
 * items of each kind. Plain data, typed with the API's own input types, so it is validated exactly
 * as an admin's form would be.
 */

export const DEMO_PASSWORD = 'demo-password-123';

export type DemoCommunityKey = 'northwind' | 'contoso' | 'fabrikam';

export interface DemoPerson {
  email: string;
  displayName: string;
  /** Share (0–1) of their assigned items this person has opened: gives dashboards a spread. */
  engagement: number;
}

export interface DemoCommunity {
  key: DemoCommunityKey;
  name: string;
  description: string;
  manager: DemoPerson;
  members: DemoPerson[];
}

export type DemoItem<K extends ContentKind = ContentKind> = Extract<CreateContentInput, { kind: K }> & {
  assignTo: readonly DemoCommunityKey[];
};

const ALL: readonly DemoCommunityKey[] = ['northwind', 'contoso', 'fabrikam'];

export const demoCommunities: DemoCommunity[] = [
  {
    key: 'northwind',
    name: 'Northwind Logistics',
    description:
      'Regional freight and warehousing operator, about 1,200 staff across six depots. This cohort is dispatch, customer service and finance: automating shipment updates, cleaning up reporting and answering customers faster.',
    manager: { email: 'manager@northwind.example', displayName: 'Maria Lopez', engagement: 0.7 },
    members: [
      { email: 'ana@northwind.example', displayName: 'Ana Ferreira', engagement: 0.9 },
      { email: 'ben@northwind.example', displayName: 'Ben Okafor', engagement: 0.6 },
      { email: 'chloe@northwind.example', displayName: 'Chloe Martin', engagement: 0.4 },
      { email: 'dev@northwind.example', displayName: 'Dev Patel', engagement: 0.25 },
      { email: 'erik@northwind.example', displayName: 'Erik Lindqvist', engagement: 0.1 },
    ],
  },
  {
    key: 'contoso',
    name: 'Contoso Health',
    description:
      'A network of 14 outpatient clinics. Practice managers, patient services and compliance staff learning to use AI safely: plain-language patient letters, policy questions and admin workload, never clinical decisions.',
    manager: { email: 'manager@contoso.example', displayName: 'Grace Kim', engagement: 0.65 },
    members: [
      { email: 'priya@contoso.example', displayName: 'Priya Shah', engagement: 0.85 },
      { email: 'tom@contoso.example', displayName: 'Tom Becker', engagement: 0.55 },
      { email: 'lucia@contoso.example', displayName: 'Lucía Romero', engagement: 0.35 },
      { email: 'sam@contoso.example', displayName: 'Sam Wright', engagement: 0.15 },
    ],
  },
  {
    key: 'fabrikam',
    name: 'Fabrikam Studios',
    description:
      'Independent game and animation studio (90 people). Producers, marketing and art leads using AI for creative briefs, storyboards, localisation and campaign copy, with a clear line on what stays human-made.',
    manager: { email: 'manager@fabrikam.example', displayName: 'Jonas Weber', engagement: 0.75 },
    members: [
      { email: 'mia@fabrikam.example', displayName: 'Mia Chen', engagement: 0.95 },
      { email: 'leo@fabrikam.example', displayName: 'Leo Rossi', engagement: 0.6 },
      { email: 'zara@fabrikam.example', displayName: 'Zara Ahmed', engagement: 0.45 },
      { email: 'kai@fabrikam.example', displayName: 'Kai Nakamura', engagement: 0.3 },
      { email: 'nora@fabrikam.example', displayName: 'Nora Johansson', engagement: 0.05 },
    ],
  },
];

const agents: DemoItem<'agent'>[] = [
  {
    kind: 'agent',
    assignTo: ALL,
    title: 'Prompt Engineering Coach',
    description: 'Paste a prompt you use at work and get it back clearer, with the reasoning explained, so you learn the pattern and not just the fix.',
    status: 'published',
    tags: ['prompting', 'fundamentals', 'coaching'],
    details: {
      systemPrompt: `You are a prompt engineering coach for professionals who are new to AI tools.

When the user shares a prompt:
1. Restate in one sentence what they are trying to get.
2. Point out at most three weaknesses, most important first (missing context, vague task, no format, no audience, no examples, no constraints).
3. Give an improved version in a fenced block.
4. Explain in two or three bullets why each change helps, naming the technique (role, context, task, format, examples, constraints).

When the user asks a general question, answer it briefly with one concrete example from an office setting.
Never lecture. Keep answers under 250 words unless asked for more. If their prompt is already good, say so and suggest one optional refinement.`,
      temperature: 0.4,
      maxOutputTokens: 1200,
      starterPrompts: [
        'Improve this prompt: "write an email to the team about the new process"',
        'What is the difference between a role and context in a prompt?',
        'Show me how to ask for a table instead of paragraphs',
        'Why does the AI ignore half of my instructions?',
      ],
      welcomeMessage: "Hi! Paste a prompt you've used recently — even a one-liner — and I'll show you how to make it work harder.",
    },
  },
  {
    kind: 'agent',
    assignTo: ['northwind', 'contoso'],
    title: 'SQL Tutor',
    description: 'Learn to write and read SQL by asking questions about your own reports. Explains every query line by line and quizzes you when you want it to.',
    status: 'published',
    tags: ['sql', 'data', 'reporting'],
    details: {
      systemPrompt: `You are a patient SQL tutor for analysts and operations staff who know spreadsheets but are new to SQL.

- Ask for the table names and columns if the user has not given them; never invent columns without saying they are assumptions.
- Use standard PostgreSQL syntax. Prefer readable queries: explicit JOINs, meaningful aliases, one clause per line.
- After each query, explain it clause by clause in plain language and mention one common mistake to avoid.
- When the user writes a query, review it kindly: first what works, then what would break or be slow, then a corrected version.
- Offer a short practice question at the end of longer explanations, and check their answer if they try.
- Never run or claim to have run a query. Remind the user to test on a copy or a read-only connection before touching live data.`,
      temperature: 0.2,
      maxOutputTokens: 1500,
      starterPrompts: [
        'How do I count shipments per depot per week?',
        'Explain the difference between LEFT JOIN and INNER JOIN with an example',
        'Review my query: SELECT * FROM orders WHERE status = late',
        'Give me a practice exercise on GROUP BY',
      ],
      welcomeMessage: "Let's learn SQL with your own questions. Tell me what report you want to build, and which tables you have if you know them.",
    },
  },
  {
    kind: 'agent',
    assignTo: ALL,
    title: 'Email Tone Fixer',
    description: 'Turns a blunt, rushed or over-apologetic draft into a clear, friendly and professional email — and tells you what it changed.',
    status: 'published',
    tags: ['writing', 'email', 'communication'],
    details: {
      systemPrompt: `You rewrite workplace emails so they are clear, warm and professional without changing their meaning.

For each draft the user pastes:
- Keep every fact, date, number and commitment exactly as written. Never add promises.
- Lead with the point; put the ask or next step in its own short paragraph.
- Remove blame, sarcasm, ALL CAPS and excessive apologies. Keep firmness where the writer needs it.
- Match the requested tone if given (e.g. "firmer", "more casual", "for a senior client"); otherwise aim for friendly-professional.
- Return: the rewritten email, then a short "What I changed" list of 2–4 bullets.
If the draft contains confidential data such as patient or customer identifiers, suggest removing them before sending the draft to any AI tool.`,
      temperature: 0.5,
      maxOutputTokens: 900,
      starterPrompts: [
        "Fix the tone: 'As I said THREE times already, the invoice is wrong. Sort it out today.'",
        'Make this more concise and friendly: (paste your draft)',
        'Rewrite this for a senior client, slightly firmer',
      ],
      welcomeMessage: "Paste the email you're about to send. I'll keep your meaning and fix the tone.",
    },
  },
  {
    kind: 'agent',
    assignTo: ALL,
    title: 'Meeting Notes Summariser',
    description: 'Paste raw notes or a transcript; get decisions, action items with owners and dates, and open questions — ready to send.',
    status: 'published',
    tags: ['meetings', 'productivity', 'summaries'],
    details: {
      systemPrompt: `You turn messy meeting notes or transcripts into a crisp summary people actually read.

Output exactly these sections in Markdown:
## Summary — three sentences at most.
## Decisions — bullet list; write "None recorded" if there are none.
## Action items — a table with columns Action | Owner | Due. Use "Unassigned" or "No date" rather than guessing.
## Open questions — bullets.

Rules: use only what is in the notes; never invent owners, dates or decisions. Quote numbers exactly. If the notes are ambiguous, list the ambiguity under Open questions. Keep the whole summary under 300 words.`,
      temperature: 0.2,
      maxOutputTokens: 1200,
      starterPrompts: ['Summarise these notes: (paste notes)', 'Turn this transcript into action items only', 'Write a follow-up email from this summary'],
      welcomeMessage: 'Paste your meeting notes or transcript and I will pull out decisions, actions and open questions.',
    },
  },
  {
    kind: 'agent',
    assignTo: ['northwind'],
    title: 'Shipment Exception Analyst',
    description: 'Describe a delayed, damaged or misrouted shipment and get a likely cause, the checks to run and a customer update you can send.',
    status: 'published',
    tags: ['logistics', 'operations', 'customer-service'],
    details: {
      systemPrompt: `You help dispatch and customer-service staff at a freight and warehousing company handle shipment exceptions.

Given a description of an exception (delay, damage, short delivery, misroute, failed delivery):
1. Classify it and list the two or three most likely causes, most likely first.
2. Give a checklist of what to verify in the TMS, the carrier portal and with the depot, in order.
3. Draft a short customer update: what happened, what we are doing, the next update time. Never promise a delivery date the user has not confirmed.
4. Suggest one preventive action if the same cause has come up before.

Ask for the shipment reference, route, carrier and promised date if they are missing. Keep answers practical and short.`,
      temperature: 0.3,
      maxOutputTokens: 1000,
      starterPrompts: [
        'Pallet for Rotterdam shows delivered but the customer says it never arrived',
        'Three parcels on the same route are 2 days late — what should I check?',
        'Draft an update for a customer whose shipment was damaged in the depot',
      ],
      welcomeMessage: "Tell me what went wrong with the shipment — reference, route and carrier help — and we'll work out the next steps.",
    },
  },
  {
    kind: 'agent',
    assignTo: ['northwind', 'fabrikam'],
    title: 'Customer Reply Drafter',
    description: 'Drafts replies to customer emails and tickets in your company voice, with a short and a detailed version to choose from.',
    status: 'published',
    tags: ['customer-service', 'writing', 'email'],
    details: {
      systemPrompt: `You draft replies to customer messages for a support team.

- First identify what the customer actually needs (information, a fix, a refund, reassurance) and their emotional state.
- Produce two drafts: "Short" (under 80 words) and "Detailed" (under 200 words).
- Acknowledge the issue in the first sentence, answer or give the next step, and end with a clear single action or timeframe.
- Do not admit liability, promise refunds or quote policy unless the user supplies the policy text.
- Leave placeholders like [order number] rather than inventing details.
- Plain, friendly English; no jargon; no exclamation marks in complaints.`,
      temperature: 0.6,
      maxOutputTokens: 900,
      starterPrompts: ['Reply to: "Where is my order? It was due Monday."', 'Draft a reply to an angry customer about a double charge', 'Politely decline a request for a discount'],
      welcomeMessage: "Paste the customer's message (remove personal details) and tell me anything I should know about the case.",
    },
  },
  {
    kind: 'agent',
    assignTo: ['contoso'],
    title: 'Patient Letter Plain-Language Editor',
    description: 'Rewrites appointment letters, instructions and leaflets at a reading age patients can follow, without changing the clinical content.',
    status: 'published',
    tags: ['healthcare', 'plain-language', 'writing'],
    details: {
      systemPrompt: `You are an editor who makes patient-facing text in outpatient clinics easy to read.

- Rewrite to about a reading age of 11 (UK) / grade 6 (US): short sentences, common words, active voice, "you" and "we".
- Keep every clinical instruction, dose, time, date and warning exactly as written. If something seems clinically wrong or ambiguous, do not fix it: flag it under "Check with a clinician".
- Use headings and bullet points for steps. Put the most important action first.
- Never add medical advice of your own.
- Remind the user to remove names, dates of birth, NHS/MRN numbers and any other identifiers before pasting.
Return the rewritten text, then "Check with a clinician" (if anything), then a one-line reading-level estimate.`,
      temperature: 0.3,
      maxOutputTokens: 1200,
      starterPrompts: [
        'Rewrite this fasting instruction for a colonoscopy appointment letter',
        'Make this leaflet about blood tests easier to read',
        'Turn these discharge instructions into a checklist',
      ],
      welcomeMessage: 'Paste the letter or leaflet text with any patient details removed. I will make it easier to read and flag anything a clinician should check.',
    },
  },
  {
    kind: 'agent',
    assignTo: ['contoso'],
    title: 'Policy & Compliance Q&A Helper',
    description: 'Ask questions about a policy you paste in and get answers quoted from the text — useful for onboarding and audits.',
    status: 'published',
    tags: ['compliance', 'policy', 'healthcare'],
    details: {
      systemPrompt: `You answer questions about an organisational policy document that the user pastes into the conversation.

- Answer ONLY from the pasted text. Quote the relevant passage and give its section heading or number.
- If the text does not answer the question, say "The policy you shared does not cover this" and suggest who usually owns the answer (e.g. the data protection officer, HR, the clinical governance lead).
- Never give legal or clinical advice, and never guess what a policy "probably" says.
- When asked, produce a short quiz (3–5 questions) to check understanding of the policy, with answers at the end.`,
      temperature: 0.1,
      maxOutputTokens: 1000,
      starterPrompts: ['Here is our data protection policy — can staff use personal phones for work email?', 'Make a 5-question quiz from this policy', 'Summarise what changed between these two versions'],
      welcomeMessage: "Paste the policy text first, then ask me anything about it. I'll answer only from what it says.",
    },
  },
  {
    kind: 'agent',
    assignTo: ['fabrikam'],
    title: 'Creative Brief Sparring Partner',
    description: 'Pressure-tests a creative or campaign brief: asks the questions a good creative director would, then tightens the brief.',
    status: 'published',
    tags: ['creative', 'marketing', 'briefs'],
    details: {
      systemPrompt: `You are a sharp, friendly creative director reviewing briefs at a game and animation studio.

When the user shares a brief:
1. Ask up to five pointed questions about the gaps: audience, single-minded message, proof, tone, mandatories, budget and success measure.
2. Once answered (or if the user says "just fix it"), rewrite the brief in this structure: Background, Objective, Audience, Single-minded proposition, Reasons to believe, Tone, Deliverables, Mandatories, Timeline, How we'll measure success.
3. Offer three distinct creative territories, one line each, as springboards — not finished ideas.

Respect that final creative work is made by the team; you sharpen thinking, you do not replace artists.`,
      temperature: 0.8,
      maxOutputTokens: 1500,
      starterPrompts: ['Review our launch brief for the new platformer trailer', 'What questions should a brief for a Steam sale answer?', 'Give me three creative territories for a cosy farming game'],
      welcomeMessage: "Paste your brief — rough is fine. I'll ask the awkward questions before the client does.",
    },
  },
  {
    kind: 'agent',
    assignTo: ['northwind', 'contoso'],
    title: 'Spreadsheet Formula Helper',
    description: 'Describe what you want a spreadsheet to do and get the Excel or Google Sheets formula, explained, with a worked example.',
    status: 'published',
    tags: ['spreadsheets', 'excel', 'data'],
    details: {
      systemPrompt: `You help office staff write spreadsheet formulas in Excel and Google Sheets.

- Ask which tool they use if it matters (e.g. XLOOKUP vs. VLOOKUP, ARRAYFORMULA, LET).
- Give the formula in a code block, then explain each part, then show a three-row worked example as a small table.
- Prefer robust formulas: absolute references where needed, IFERROR for lookups, no hard-coded ranges that will break as data grows.
- If a pivot table, filter or conditional formatting would be simpler than a formula, say so.
- Never ask users to paste real personal data; suggest made-up sample rows.`,
      temperature: 0.2,
      maxOutputTokens: 1000,
      starterPrompts: ['Look up a depot name from a depot code in another sheet', 'Count rows where status is "late" and region is "North"', 'Highlight appointments older than 30 days'],
      welcomeMessage: 'What do you want your spreadsheet to do? Describe the columns you have and the result you want.',
    },
  },
  {
    kind: 'agent',
    assignTo: ['fabrikam'],
    title: 'Storyboard Shot-List Builder',
    description: 'Turns a scene description or script page into a numbered shot list with framing, camera movement and timing for animatics.',
    status: 'published',
    tags: ['animation', 'storyboards', 'production'],
    details: {
      systemPrompt: `You help animation and trailer producers turn scene descriptions into shot lists for storyboards and animatics.

Output a Markdown table: # | Shot size | Angle | Movement | Action / dialogue | Duration (s) | Notes.
- Vary shot sizes purposefully (establishing, wide, medium, close-up, insert) and explain any unusual choice in Notes.
- Keep total duration within the target the user gives; show the total under the table.
- Flag continuity risks (eyelines, screen direction, props) after the table.
- Suggest, do not dictate: the director and board artists make the final calls.`,
      temperature: 0.7,
      maxOutputTokens: 1500,
      starterPrompts: ['30-second teaser: the fox hero finds a glowing seed in the snow', 'Shot list for a two-character dialogue in a tavern, 45 seconds', 'Check this shot list for continuity problems'],
      welcomeMessage: "Describe the scene, the target length and the mood. I'll draft a shot list you can board from.",
    },
  },
  {
    kind: 'agent',
    assignTo: ALL,
    title: 'Board Deck Reviewer',
    description: 'Reviews a leadership or board update for clarity, so-what and risk framing before it goes out. Being tested with two clients first.',
    status: 'draft',
    tags: ['leadership', 'presentations', 'writing'],
    details: {
      systemPrompt: `You review slide decks and written updates for senior leadership and boards.

For the content the user pastes (slide text, speaker notes or a memo):
- State the one message the deck should land, and whether it does.
- For each slide, give a one-line "so what" and flag slides that have none.
- Check that risks have an owner, a likelihood, an impact and a mitigation.
- Point out numbers without a comparison (vs. plan, vs. last period) and charts whose title does not state the takeaway.
- Finish with the three changes that would improve the deck most.
Be direct and specific; do not rewrite the whole deck unless asked.`,
      model: null,
      temperature: 0.4,
      maxOutputTokens: 1500,
      starterPrompts: ['Review the text of my quarterly board update', 'Is my risk slide complete?'],
      welcomeMessage: 'Paste your slide text or memo and tell me who the audience is.',
    },
  },
];

const videos: DemoItem<'video'>[] = [
  {
    kind: 'video',
    assignTo: ALL,
    title: 'Intro to Large Language Models',
    description: "Andrej Karpathy's one-hour general-audience talk: what an LLM is, how it is trained, where it is heading and the new security problems it brings. The best single starting point.",
    status: 'published',
    tags: ['fundamentals', 'llm', 'talk'],
    details: {
      url: 'https://www.youtube.com/watch?v=zjkBMFhNj_g',
      durationSeconds: 3588,
      transcript: `Chapter notes
00:00 What a large language model is: a file of parameters and a small program that runs it.
08:00 Pre-training: compressing a large slice of the internet into the parameters by predicting the next word.
17:00 Fine-tuning into an assistant with human-written examples and comparisons.
27:00 Scaling laws, tool use (browsing, calculators, code) and multimodality.
38:00 Future directions: thinking slowly, self-improvement, customisation, the LLM as an operating system.
45:00 Security: jailbreaks, prompt injection and data poisoning, with examples.`,
    },
  },
  {
    kind: 'video',
    assignTo: ALL,
    title: 'How Large Language Models Work (in 6 minutes)',
    description: 'IBM Technology explains, with a lightboard, what LLMs are, how they are trained and the business uses they suit. Short enough for a team meeting.',
    status: 'published',
    tags: ['fundamentals', 'llm', 'short'],
    details: {
      url: 'https://www.youtube.com/watch?v=5sLYAQS9sWQ',
      durationSeconds: 334,
      transcript: `Chapter notes
00:00 What a large language model is, and what "large" refers to.
01:40 How it works: data, architecture (transformers) and training.
03:30 Business applications: customer service, content creation, software development.
05:00 Where LLMs are going next.`,
    },
  },
  {
    kind: 'video',
    assignTo: ALL,
    title: 'Large Language Models Explained Briefly',
    description: '3Blue1Brown\'s visual, eight-minute explanation of next-word prediction, training and why the results feel so fluent. Great for visual learners.',
    status: 'published',
    tags: ['fundamentals', 'llm', 'visual'],
    details: {
      url: 'https://www.youtube.com/watch?v=LPZh9BOjkQs',
      durationSeconds: 478,
      transcript: `Chapter notes
00:00 A chatbot is a model predicting the next word, over and over.
02:00 Parameters, and how training nudges billions of them.
04:00 Pre-training versus reinforcement learning with human feedback.
05:30 Transformers and attention, at a glance.
07:00 Why the behaviour is emergent and hard to explain.`,
    },
  },
  {
    kind: 'video',
    assignTo: ['northwind', 'fabrikam'],
    title: 'How I Use LLMs',
    description: 'A practical tour by Andrej Karpathy of how he uses chat assistants day to day: thinking models, search, file uploads, code, voice and images — with real examples.',
    status: 'published',
    tags: ['productivity', 'tools', 'practice'],
    details: {
      url: 'https://www.youtube.com/watch?v=EWvNQjAaOHw',
      durationSeconds: 7872,
      transcript: `Chapter notes
00:00 The growing ecosystem of chat assistants and how to choose one.
10:00 What is inside the chat box: tokens, context windows and starting a new chat.
28:00 Thinking models and when they are worth the wait.
40:00 Internet search and deep research.
60:00 Uploading documents and reading papers with an assistant.
80:00 Python interpreter, data analysis and artifacts.
100:00 Voice, images and video; memory and custom instructions.`,
    },
  },
  {
    kind: 'video',
    assignTo: ['northwind', 'contoso'],
    title: 'What is Retrieval-Augmented Generation (RAG)?',
    description: 'A short IBM Technology explainer of RAG: how grounding an assistant in your own documents makes answers current and sourced. Watch before the policy Q&A exercise.',
    status: 'published',
    tags: ['rag', 'knowledge', 'short'],
    details: {
      url: 'https://www.youtube.com/watch?v=T-D1OfcDW1M',
      durationSeconds: 396,
      transcript: `Chapter notes
00:00 Two problems of LLM answers: out of date and no source.
02:00 Adding a retrieval step: look in a content store first, then generate.
04:00 How RAG lets a model say "I don't know".
05:30 The remaining challenge: improving the retriever as well as the generator.`,
    },
  },
  {
    kind: 'video',
    assignTo: ALL,
    title: 'AI Prompt Engineering: A Deep Dive',
    description: "A round-table with Anthropic's prompt engineering experts on what prompting really is, how to write clearly for a model, and how prompting changes as models improve.",
    status: 'published',
    tags: ['prompting', 'talk', 'advanced'],
    details: {
      url: 'https://youtu.be/T9aRN5JkmL8',
      durationSeconds: 4560,
      transcript: `Chapter notes
00:00 Introductions and what "prompt engineering" means.
06:00 Clear communication: writing for a model like briefing a smart new colleague.
20:00 Iteration, reading model outputs and testing on many cases.
35:00 Role prompting, examples and honesty about the task.
50:00 Enterprise versus research versus everyday prompting.
62:00 How prompting may change as models get more capable.`,
    },
  },
  {
    kind: 'video',
    assignTo: ['contoso', 'fabrikam'],
    title: 'State of GPT',
    description: 'Microsoft Build talk by Andrej Karpathy on how GPT assistants are trained and how to use them effectively — the second half is a dense, practical guide to prompting.',
    status: 'published',
    tags: ['llm', 'prompting', 'talk'],
    details: {
      url: 'https://www.youtube.com/watch?v=bZQun8Y4L2A',
      durationSeconds: 2560,
      transcript: `Chapter notes
00:00 The training pipeline: pre-training, supervised fine-tuning, reward modelling and RLHF.
18:00 Base models versus assistant models.
22:00 Using assistants well: models need tokens to think, chain of thought and self-consistency.
30:00 Tools, retrieval and constraint prompting.
36:00 Fine-tuning, and practical recommendations for today.`,
    },
  },
  {
    kind: 'video',
    assignTo: ['contoso', 'fabrikam'],
    title: 'But What Is a GPT? Visual Intro to Transformers',
    description: '3Blue1Brown chapter on the transformer architecture behind GPT: tokens, embeddings and predicting the next word, beautifully animated.',
    status: 'published',
    tags: ['transformers', 'visual', 'deep-dive'],
    details: {
      url: 'https://www.youtube.com/watch?v=wjZofJX0v4M',
      durationSeconds: 1634,
      transcript: `Chapter notes
00:00 Predict, sample, repeat: how text is generated.
03:00 Inside a transformer: tokens, embeddings, attention and MLP blocks.
12:00 Word embeddings: directions in space that carry meaning.
20:00 Unembedding and softmax, and what temperature does.`,
    },
  },
  {
    kind: 'video',
    assignTo: ['fabrikam'],
    title: 'Attention in Transformers, Visually Explained',
    description: 'The follow-up 3Blue1Brown chapter: how attention lets words update each other\'s meaning. For the curious — not required for everyday use.',
    status: 'published',
    tags: ['transformers', 'visual', 'deep-dive'],
    details: {
      url: 'https://www.youtube.com/watch?v=eMlx5fFNoYc',
      durationSeconds: 1570,
      transcript: `Chapter notes
00:00 Why a word's meaning depends on its context.
05:00 Queries, keys and the attention pattern.
14:00 Values and updating embeddings.
20:00 Multi-headed attention and the number of parameters involved.`,
    },
  },
  {
    kind: 'video',
    assignTo: ['contoso'],
    title: 'But What Is a Neural Network?',
    description: 'The classic 3Blue1Brown introduction to neural networks using handwritten digits. A calm, visual foundation before the LLM material.',
    status: 'published',
    tags: ['fundamentals', 'visual', 'neural-networks'],
    details: {
      url: 'https://www.youtube.com/watch?v=aircAruvnKk',
      durationSeconds: 1120,
      transcript: `Chapter notes
00:00 Recognising handwritten digits as a motivating example.
04:00 Neurons, layers and activations.
09:00 Why layers might pick up edges, then patterns.
12:00 Weights and biases; the network as one big function.
16:00 The notation, and a note on sigmoid versus ReLU.`,
    },
  },
  {
    kind: 'video',
    assignTo: ['northwind'],
    title: 'Deep Dive into LLMs like ChatGPT',
    description: 'Three and a half hours, in chapters: the full stack of how assistants like ChatGPT are built. Pick the chapters you need — the hallucination section is especially useful.',
    status: 'published',
    tags: ['llm', 'deep-dive', 'talk'],
    details: {
      url: 'https://www.youtube.com/watch?v=7xTGNNLPyMI',
      durationSeconds: 12683,
      transcript: `Chapter notes
00:00 Pre-training data and tokenisation.
40:00 Neural network internals, inference and base models.
75:00 Post-training: conversations, supervised fine-tuning.
90:00 Hallucinations, tool use, knowledge versus working memory.
120:00 Models need tokens to think; spelling and counting quirks.
150:00 Reinforcement learning and thinking models.
190:00 What is coming next and how to keep up.`,
    },
  },
  {
    kind: 'video',
    assignTo: ['northwind'],
    title: 'Kickoff Session Recording — Northwind Cohort',
    description: 'Recording of the Northwind kickoff workshop. The link is a placeholder while the edited recording finishes processing; publish once the final upload is in.',
    status: 'draft',
    tags: ['workshop', 'recording', 'northwind'],
    details: {
      url: 'https://vimeo.com/76979871',
      durationSeconds: 62,
      transcript: 'Placeholder: the transcript will be added with the final recording.',
    },
  },
];

const documents: DemoItem<'document'>[] = [
  {
    kind: 'document',
    assignTo: ALL,
    title: 'Your First Week with AI: A Practical Guide',
    description: 'Five small, safe exercises — one a day — that take you from "I tried it once" to using an assistant for real work. Start here.',
    status: 'published',
    tags: ['getting-started', 'fundamentals', 'guide'],
    details: {
      bodyHtml: `<h2>Why a week, and why small steps</h2>
<p>Most people try an AI assistant once, ask it something vague, get a vague answer and conclude that it is either magic or useless. It is neither. An assistant is a capable but literal new colleague: it has read an enormous amount, it writes quickly, and it knows nothing about your job, your customers or your company until you tell it. The skill you are building this week is <strong>briefing</strong> that colleague well, and <strong>checking</strong> its work.</p>
<p>Each exercise below takes fifteen to twenty minutes. Do them on real, non-confidential work so the results matter to you. Keep a short note of what worked: you will use it in the cohort session at the end of the week.</p>

<h2>Day 1 — Rewrite something you already wrote</h2>
<p>Pick an email or message you sent recently. Paste it in (remove names and customer details first) and ask for a clearer version for the same reader. Then ask for a shorter one. Compare the three versions.</p>
<ul>
  <li>Notice what the assistant changed without being asked: order, length, tone.</li>
  <li>Notice what it got wrong: a fact softened, a commitment added, a nuance lost.</li>
</ul>
<p>The lesson: AI is a strong editor, but you remain the author and you are responsible for every sentence that goes out.</p>

<h2>Day 2 — Give it context</h2>
<p>Ask the same question twice. First with one line. Then with context: who you are, who the output is for, what good looks like, and the format you want. For example: <em>"I coordinate dispatch for a regional freight company. Draft a two-paragraph note to drivers explaining the new Monday loading schedule. Friendly, no jargon, end with who to call with questions."</em></p>
<p>The difference between the two answers is the single most important thing you will learn this week.</p>

<h2>Day 3 — Make it ask you questions</h2>
<p>Start a task with: <em>"Before you answer, ask me up to five questions that would help you do this well."</em> Answer them, then let it work. This turns a guessing game into a short interview, and it is how experienced users get good results on complex tasks.</p>

<h2>Day 4 — Check a fact-heavy answer</h2>
<p>Ask something with numbers, dates or names in your area of expertise. Verify every claim. Assistants can <strong>hallucinate</strong>: produce fluent, confident statements that are simply false. Read the short guide <em>Spotting and Handling Hallucinations</em> in your library, and note which claims you could and could not verify.</p>

<h2>Day 5 — Build a reusable prompt</h2>
<p>Take a task you do every week — a status update, a report summary, a reply template — and write a prompt for it with placeholders such as <code>{{this_week_notes}}</code>. Save it to the prompt library or your own notes. Next week, time how long the task takes with and without it.</p>

<h2>Ground rules for the whole week</h2>
<ol>
  <li>Use only the tools your organisation has approved.</li>
  <li>Never paste personal data, customer data, health information, passwords or anything marked confidential.</li>
  <li>Check every fact, figure and quotation before you rely on it.</li>
  <li>Say when work was drafted with AI if your team's guidelines ask you to.</li>
</ol>

<h2>What comes next</h2>
<p>After this week, move on to the agents in your library. They are assistants with instructions already written for a specific job — a good way to see what a well-briefed assistant can do, and to borrow techniques for your own prompts.</p>`,
    },
  },
  {
    kind: 'document',
    assignTo: ALL,
    title: 'Acceptable Use of AI at Work: A Starter Policy',
    description: 'A plain-English template policy covering approved tools, data you must never share, human review and disclosure. Adapt it with your legal and security teams.',
    status: 'published',
    tags: ['policy', 'governance', 'security'],
    details: {
      bodyHtml: `<h2>Purpose</h2>
<p>This policy explains how employees may use generative AI tools — chat assistants, writing aids, code assistants and image generators — in their work. It aims to let teams benefit from these tools while protecting customers, colleagues and the company. It is a starting template: adapt it with your legal, security and data protection colleagues before adopting it.</p>

<h2>Scope</h2>
<p>The policy applies to all employees, contractors and temporary staff, on any device, whenever they use an AI tool for company work or with company information.</p>

<h2>1. Approved tools</h2>
<ul>
  <li>Use only tools listed on the approved-tools page, signed in with your company account.</li>
  <li>Approved enterprise tools do not use our inputs to train their models. Free consumer versions often do; do not use them for work.</li>
  <li>To request a new tool, contact IT with the business need; security will review its data handling.</li>
</ul>

<h2>2. Information you must never enter</h2>
<p>Regardless of the tool, never enter:</p>
<ul>
  <li>personal data about customers, patients or colleagues (names with case details, contact details, identification numbers, health information);</li>
  <li>passwords, API keys, access tokens or security configurations;</li>
  <li>information classified as <strong>Confidential</strong> or <strong>Restricted</strong>, including unreleased financial results, contracts under negotiation and legal advice;</li>
  <li>source code or designs that are not yet public, unless the tool is approved for code.</li>
</ul>
<p>When in doubt, remove or replace details ("Customer A", "[date]") before pasting, or ask your manager.</p>

<h2>3. Human review and accountability</h2>
<p>You are accountable for anything you produce with AI assistance, exactly as if you had written it yourself. Before using AI output you must:</p>
<ol>
  <li>check facts, figures, names, quotes and references against a reliable source;</li>
  <li>make sure it does not reproduce someone else's copyrighted text or images;</li>
  <li>check it for bias, unfair assumptions or inappropriate tone;</li>
  <li>make sure any decision that affects a person — hiring, performance, credit, care — is made by a person, not by the tool.</li>
</ol>

<h2>4. Disclosure</h2>
<p>Tell the recipient when content was substantially generated by AI if they would reasonably expect to know, and always in external publications, customer-facing legal or medical information, and academic or regulatory submissions.</p>

<h2>5. Prohibited uses</h2>
<ul>
  <li>Creating content that is deceptive, discriminatory, harassing or unlawful.</li>
  <li>Impersonating a real person, or generating realistic images of identifiable people without consent.</li>
  <li>Making automated decisions about individuals without human review.</li>
  <li>Trying to bypass a tool's safety features.</li>
</ul>

<h2>6. Reporting problems</h2>
<p>If you think confidential information was shared with an AI tool, or an AI output caused harm, report it to the security team the same day. Early reports are treated as a help, not a disciplinary matter.</p>

<h2>7. Review</h2>
<p>This policy is reviewed every six months, because the tools and the law change quickly. Suggestions are welcome at any time.</p>`,
    },
  },
  {
    kind: 'document',
    assignTo: ALL,
    title: 'Writing Prompts That Work: The CRAFT Checklist',
    description: 'Context, Role, Ask, Format, Tone: a one-page checklist with before-and-after examples. Keep it open next to your assistant.',
    status: 'published',
    tags: ['prompting', 'checklist', 'fundamentals'],
    details: {
      bodyHtml: `<h2>The problem with one-line prompts</h2>
<p>A one-line prompt forces the model to guess who you are, who the output is for, how long it should be and what "good" means. It fills the gaps with the most generic answer possible. The CRAFT checklist closes those gaps in under a minute.</p>

<h2>The checklist</h2>
<table>
  <thead><tr><th>Letter</th><th>Ask yourself</th><th>Example</th></tr></thead>
  <tbody>
    <tr><td><strong>C</strong>ontext</td><td>What does the model need to know about the situation?</td><td>"We are a 14-clinic outpatient network switching to online booking next month."</td></tr>
    <tr><td><strong>R</strong>ole</td><td>Whose expertise should it borrow?</td><td>"Act as an experienced patient-communications editor."</td></tr>
    <tr><td><strong>A</strong>sk</td><td>What exactly is the task, with one verb?</td><td>"Write the announcement for our waiting-room screens."</td></tr>
    <tr><td><strong>F</strong>ormat</td><td>What shape should the answer take?</td><td>"Three short lines, under 25 words each, no abbreviations."</td></tr>
    <tr><td><strong>T</strong>one</td><td>How should it sound, and to whom?</td><td>"Reassuring, plain English, for older patients."</td></tr>
  </tbody>
</table>

<h2>Before and after</h2>
<p><strong>Before:</strong> <em>"Write something about the new booking system."</em></p>
<p><strong>After:</strong> <em>"We are a 14-clinic outpatient network switching to online booking on 1 March; phone booking stays available. Act as an experienced patient-communications editor. Write the announcement for our waiting-room screens: three short lines, under 25 words each, no abbreviations. Reassuring, plain English, for older patients."</em></p>
<p>The second prompt takes forty seconds longer to write and saves several rounds of "no, shorter", "no, simpler".</p>

<h2>Three upgrades once CRAFT is a habit</h2>
<ol>
  <li><strong>Give an example.</strong> One sample of the output you like beats a paragraph describing it.</li>
  <li><strong>Set constraints.</strong> Word limits, things to avoid, facts that must be included.</li>
  <li><strong>Ask for questions first.</strong> "Ask me what you need to know before you start."</li>
</ol>

<h2>When the answer is still wrong</h2>
<ul>
  <li>Say what is wrong specifically ("the second paragraph promises a date we have not agreed").</li>
  <li>Start a new chat if the conversation has drifted; long threads accumulate confusion.</li>
  <li>Split big tasks: outline first, then each section.</li>
</ul>`,
    },
  },
  {
    kind: 'document',
    assignTo: ALL,
    title: 'Spotting and Handling Hallucinations',
    description: 'Why assistants sometimes state false things confidently, the warning signs, and a five-step routine for checking output before you use it.',
    status: 'published',
    tags: ['accuracy', 'fundamentals', 'risk'],
    details: {
      bodyHtml: `<h2>What a hallucination is</h2>
<p>Language models generate the most plausible next words, not verified facts. When the plausible answer and the true answer differ, you get a <strong>hallucination</strong>: a confident, fluent statement that is wrong. Invented statistics, non-existent references, wrong dates and made-up product features are the usual forms.</p>

<h2>Warning signs</h2>
<ul>
  <li>Precise numbers or quotations with no source.</li>
  <li>References, case law, studies or URLs you have never seen — check they exist.</li>
  <li>Answers about very recent events, niche topics or your own company's internal details.</li>
  <li>An answer that changes when you ask the same question again.</li>
</ul>

<h2>A five-step checking routine</h2>
<ol>
  <li>Highlight every factual claim: names, numbers, dates, quotes, links.</li>
  <li>Verify each against a source you trust (the system of record, the policy, the original document).</li>
  <li>Ask the assistant "Which of these statements are you least sure about?" — it often flags the weak ones.</li>
  <li>Prefer tools that cite sources, and open the sources.</li>
  <li>If you cannot verify a claim, remove it.</li>
</ol>

<h2>Reducing hallucinations up front</h2>
<p>Give the model the source text and ask it to answer <em>only</em> from that text, quoting it. Ask it to say "I don't know" when the text does not contain the answer. This grounding is the idea behind retrieval-augmented generation (RAG), covered in the video in your library.</p>`,
    },
  },
  {
    kind: 'document',
    assignTo: ['northwind', 'contoso'],
    title: 'Protecting Confidential Data When Using AI Tools',
    description: 'Practical techniques to get help from an assistant without exposing customer, patient or commercial data: redaction, synthetic examples and approved tools.',
    status: 'published',
    tags: ['security', 'privacy', 'policy'],
    details: {
      bodyHtml: `<h2>The rule of thumb</h2>
<p>If you would not paste it into an email to a stranger, do not paste it into an AI tool — unless the tool is approved for that class of data.</p>
<h2>Techniques that keep you productive</h2>
<ul>
  <li><strong>Redact and label.</strong> Replace names and identifiers with labels: "Customer A", "[shipment ref]", "Patient, 60s".</li>
  <li><strong>Use synthetic rows.</strong> To get help with a spreadsheet or SQL query, describe the columns and invent three sample rows.</li>
  <li><strong>Describe, don't paste.</strong> "A contract clause limiting liability to the invoice value" is often enough.</li>
  <li><strong>Summarise locally first.</strong> Pull out the non-sensitive part of a document before asking for help with it.</li>
</ul>
<h2>If something slips through</h2>
<p>Delete the conversation if the tool allows it, and report it to the security team the same day. Quick reporting limits the harm.</p>`,
    },
  },
  {
    kind: 'document',
    assignTo: ['northwind'],
    title: 'AI in Dispatch and Operations: Ten Use Cases',
    description: 'Ten tested ways operations teams use AI today — from exception emails to shift handover notes — each with a starter prompt and the risk to watch.',
    status: 'published',
    tags: ['logistics', 'operations', 'use-cases'],
    details: {
      bodyHtml: `<h2>How to use this list</h2>
<p>Each use case below has been tried by operations teams in freight and warehousing. Pick one that matches a task you do weekly, try it for two weeks, and measure the time it saves. Start with the low-risk ones.</p>
<h2>Low risk: writing and summarising</h2>
<ol>
  <li><strong>Customer delay notices.</strong> Draft clear, consistent updates from the shipment facts. <em>Watch:</em> never let the draft promise a new ETA you have not confirmed.</li>
  <li><strong>Shift handover notes.</strong> Turn scribbled notes into a structured handover: open issues, vehicles off road, priorities. <em>Watch:</em> check nothing was dropped.</li>
  <li><strong>Meeting summaries.</strong> Weekly ops reviews summarised into decisions and actions. <em>Watch:</em> owners and dates must come from the notes, not guesses.</li>
  <li><strong>Driver communications.</strong> Rewrite schedule changes in plain language, or translate for multilingual teams. <em>Watch:</em> have a fluent speaker spot-check translations.</li>
</ol>
<h2>Medium risk: analysis</h2>
<ol start="5">
  <li><strong>Exception triage.</strong> Classify incoming exception emails by type and urgency.</li>
  <li><strong>Root-cause brainstorming.</strong> List plausible causes for repeated late deliveries on a lane, to guide your investigation.</li>
  <li><strong>Report commentary.</strong> Draft the narrative for weekly KPIs from the numbers you provide.</li>
  <li><strong>SQL and spreadsheet help.</strong> Build the query or formula for a new report, with the SQL Tutor agent.</li>
</ol>
<h2>Higher risk: needs a pilot and sign-off</h2>
<ol start="9">
  <li><strong>Automated customer replies.</strong> Only with human approval before sending, at least at first.</li>
  <li><strong>Invoice and document extraction.</strong> Pull fields from delivery notes and invoices into the TMS — with validation rules and a sample audit.</li>
</ol>
<h2>Measuring success</h2>
<p>Before you start, time the task on five real examples. After two weeks, time it again and count corrections you had to make. Share both numbers at your cohort session; they are what convinces leadership to invest further.</p>`,
    },
  },
  {
    kind: 'document',
    assignTo: ['contoso'],
    title: 'Drafting Patient Communications with AI, Safely',
    description: 'What AI may and may not do in patient-facing writing at Contoso Health, a review checklist, and examples of good plain-language rewrites.',
    status: 'published',
    tags: ['healthcare', 'plain-language', 'policy'],
    details: {
      bodyHtml: `<h2>What AI may help with</h2>
<ul>
  <li>Making existing, clinically approved text easier to read.</li>
  <li>Formatting: headings, checklists, shorter sentences.</li>
  <li>Drafting non-clinical messages: opening hours, parking, booking changes.</li>
  <li>Translating approved text for review by a qualified translator.</li>
</ul>
<h2>What AI must not do</h2>
<ul>
  <li>Write or change clinical advice, doses, fasting times or warnings.</li>
  <li>Receive any patient identifier — name, date of birth, record number, address.</li>
  <li>Send anything to a patient without human review.</li>
</ul>
<h2>Review checklist before anything goes to patients</h2>
<ol>
  <li>Every clinical instruction matches the approved source word for word in meaning.</li>
  <li>Times, dates and quantities are unchanged.</li>
  <li>The reading level suits the audience (aim for age 11).</li>
  <li>A clinician has signed off any text with clinical content.</li>
</ol>
<h2>Example</h2>
<p><strong>Original:</strong> "Patients are requested to refrain from the consumption of food for a minimum period of six hours prior to their scheduled procedure."</p>
<p><strong>Rewritten:</strong> "Do not eat anything for 6 hours before your appointment."</p>`,
    },
  },
  {
    kind: 'document',
    assignTo: ['fabrikam'],
    title: 'From Brief to Moodboard: AI in the Creative Workflow',
    description: 'Where AI speeds up a studio pipeline — research, briefs, variations, localisation — and where Fabrikam keeps work human-made, with the reasons.',
    status: 'published',
    tags: ['creative', 'workflow', 'policy'],
    details: {
      bodyHtml: `<h2>Our stance in one sentence</h2>
<p>We use AI to think faster and explore more, and we ship work made and owned by our artists and writers.</p>
<h2>Good uses along the pipeline</h2>
<ol>
  <li><strong>Research:</strong> summarise reference material, competitor trailers, genre conventions.</li>
  <li><strong>Briefs:</strong> pressure-test a brief with the Creative Brief Sparring Partner before the kickoff.</li>
  <li><strong>Exploration:</strong> generate many rough directions in words — loglines, taglines, moods — to react to.</li>
  <li><strong>Production admin:</strong> shot lists, schedules, meeting notes, feedback consolidation.</li>
  <li><strong>Localisation drafts:</strong> first-pass string translation for review by native speakers.</li>
</ol>
<h2>Where we keep it human</h2>
<ul>
  <li>Final art, animation, music and voice: made by people we credit and pay.</li>
  <li>Character likenesses of real people: never generated.</li>
  <li>Anything we cannot verify we have the rights to use.</li>
</ul>
<h2>Credits and disclosure</h2>
<p>If AI tools contributed materially to a shipped asset, note it in the asset's production record so we can answer platform and festival questions accurately.</p>`,
    },
  },
  {
    kind: 'document',
    assignTo: ['northwind', 'contoso'],
    title: 'Measuring the Value of an AI Pilot',
    description: 'A simple template to measure time saved, quality and adoption in a four-week pilot, so your results convince finance and not just enthusiasts.',
    status: 'published',
    tags: ['measurement', 'pilots', 'leadership'],
    details: {
      bodyHtml: `<h2>Pick one task and one number</h2>
<p>Choose a task done often (at least weekly) and measure minutes per task before the pilot on at least five real examples.</p>
<h2>Track three things for four weeks</h2>
<table>
  <thead><tr><th>Measure</th><th>How</th><th>Target</th></tr></thead>
  <tbody>
    <tr><td>Time per task</td><td>Self-timed, five samples a week</td><td>−30% or better</td></tr>
    <tr><td>Quality</td><td>Corrections needed, reviewer score 1–5</td><td>No drop</td></tr>
    <tr><td>Adoption</td><td>Share of eligible tasks done with AI</td><td>Over 60% by week 4</td></tr>
  </tbody>
</table>
<h2>Report it plainly</h2>
<p>Hours saved per month × loaded hourly cost, minus tool cost, plus one or two quotes from the team. Include what did not work; it makes the rest credible.</p>`,
    },
  },
  {
    kind: 'document',
    assignTo: ALL,
    title: 'Glossary of AI Terms',
    description: 'Twenty terms you will hear in sessions — token, context window, temperature, RAG, agent and more — each in one or two plain sentences.',
    status: 'published',
    tags: ['glossary', 'fundamentals', 'reference'],
    details: {
      bodyHtml: `<h2>Core terms</h2>
<ul>
  <li><strong>Large language model (LLM):</strong> a model trained on a great deal of text to predict the next piece of text; the engine behind chat assistants.</li>
  <li><strong>Prompt:</strong> the instructions and material you give the model.</li>
  <li><strong>System prompt:</strong> standing instructions set by whoever configured the assistant, applied to every conversation.</li>
  <li><strong>Token:</strong> a chunk of text, roughly three-quarters of a word in English. Limits and prices are counted in tokens.</li>
  <li><strong>Context window:</strong> how much text the model can consider at once — your prompt, documents and the conversation so far.</li>
  <li><strong>Temperature:</strong> a setting for randomness. Low for factual, consistent answers; higher for brainstorming.</li>
  <li><strong>Hallucination:</strong> a fluent but false statement produced by the model.</li>
</ul>
<h2>Techniques</h2>
<ul>
  <li><strong>Few-shot prompting:</strong> including examples of the output you want.</li>
  <li><strong>Chain of thought:</strong> asking the model to reason step by step before answering.</li>
  <li><strong>RAG (retrieval-augmented generation):</strong> looking up relevant documents first and giving them to the model to answer from.</li>
  <li><strong>Fine-tuning:</strong> further training a model on examples to specialise it.</li>
  <li><strong>Embedding:</strong> a list of numbers representing meaning, used to find similar text.</li>
</ul>
<h2>Systems</h2>
<ul>
  <li><strong>Agent:</strong> an assistant configured for a job, sometimes able to use tools and take steps on its own.</li>
  <li><strong>Automation / workflow:</strong> a chain of steps across apps (e.g. in n8n, Make or Zapier) that can include an AI step.</li>
  <li><strong>Multimodal:</strong> able to work with images, audio or video as well as text.</li>
  <li><strong>Guardrails:</strong> rules and checks that keep an AI system within safe, intended behaviour.</li>
</ul>`,
    },
  },
  {
    kind: 'document',
    assignTo: ['fabrikam', 'northwind'],
    title: 'Reviewing AI-Generated Code: A Checklist',
    description: 'For analysts and tools developers: what to check before merging a script, macro or query an assistant wrote for you.',
    status: 'published',
    tags: ['code', 'review', 'checklist'],
    details: {
      bodyHtml: `<h2>Before you run it</h2>
<ol>
  <li>Read every line. If you cannot explain a line, ask the assistant to, or remove it.</li>
  <li>Check for hard-coded secrets, paths and credentials.</li>
  <li>Look for destructive operations — <code>DELETE</code>, <code>DROP</code>, file deletion, overwriting — and run against a copy first.</li>
</ol>
<h2>Before you share it</h2>
<ul>
  <li>Does it handle empty input, missing columns and unexpected values?</li>
  <li>Are libraries real, current and from the official source? Assistants sometimes invent package names.</li>
  <li>Is there a test or at least a worked example that proves it does what you think?</li>
  <li>Is the licence of any copied snippet compatible with our use?</li>
</ul>`,
    },
  },
  {
    kind: 'document',
    assignTo: ['northwind'],
    title: 'Getting Started with ChatGPT Plugins (2023)',
    description: 'Archived: plugins were retired in favour of GPTs and built-in tools. Kept for reference; see "How I Use LLMs" for the current tools.',
    status: 'archived',
    tags: ['archived', 'tools'],
    details: {
      bodyHtml: `<h2>Archived</h2>
<p>ChatGPT plugins were retired in 2024. Their functions — browsing, code execution and third-party actions — now live in built-in tools and custom GPTs.</p>
<p>For current guidance, watch <em>How I Use LLMs</em> in your library.</p>`,
    },
  },
];

const prompts: DemoItem<'prompt'>[] = [
  {
    kind: 'prompt',
    assignTo: ALL,
    title: 'Summarise for a Specific Audience',
    description: 'Turn any long text into a summary pitched at the right reader and length.',
    status: 'published',
    tags: ['summaries', 'writing'],
    details: {
      category: 'Writing',
      promptText: `You are summarising for {{audience}}.

Summarise the text below in {{length}}. Lead with what matters most to this audience, keep every number exactly as written, and end with one line on what they should do next (or "No action needed").

Text:
"""
{{text}}
"""`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ['fabrikam'],
    title: 'Rewrite in Our Brand Voice',
    description: 'Paste your voice guidelines once and rewrite any copy to match — with notes on what changed.',
    status: 'published',
    tags: ['brand', 'marketing', 'writing'],
    details: {
      category: 'Marketing',
      promptText: `Here are our brand voice guidelines:
{{brand_voice}}

Rewrite the copy below so it follows them. Keep the meaning, the facts and roughly the same length ({{channel}} format). Then list the three most important changes you made and why.

Copy:
{{text}}`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ALL,
    title: "Explain It Like I'm New Here",
    description: 'Get a clear explanation of an unfamiliar topic at your level, with an analogy and a quick self-check.',
    status: 'published',
    tags: ['learning', 'explanations'],
    details: {
      category: 'Learning',
      promptText: `I work as {{role}} and I am new to {{topic}}.

Explain {{topic}} in under 200 words, with one analogy from everyday work, then list three terms I will hear and what they mean. Finish with two quick questions I can answer to check I understood.`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ALL,
    title: 'Meeting Agenda Builder',
    description: 'A time-boxed agenda with a clear goal and pre-reads, built in seconds.',
    status: 'published',
    tags: ['meetings', 'planning'],
    details: {
      category: 'Meetings',
      promptText: `Build an agenda for a {{duration}} meeting.
Goal: {{meeting_goal}}
Attendees: {{attendees}}

Give each item a time box, an owner and the decision or output it should produce. Add a pre-read list and leave five minutes at the end for actions. Flag anything that should be handled by email instead.`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ['northwind', 'contoso'],
    title: 'Reply to a Complaint',
    description: 'A calm, accountable reply to an unhappy customer or patient that states the next step clearly.',
    status: 'published',
    tags: ['customer-service', 'email'],
    details: {
      category: 'Customer service',
      promptText: `Draft a reply to this complaint:
"""
{{customer_message}}
"""

What we can offer: {{resolution}}

Acknowledge the specific problem in the first sentence, explain the next step and when it will happen, and keep it under 150 words. Do not admit legal liability or promise anything beyond what we can offer. Sign off as {{sender_name}}.`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ['northwind'],
    title: 'SQL from a Plain-English Question',
    description: 'Describe your tables and ask a question in plain English; get a readable PostgreSQL query with an explanation.',
    status: 'published',
    tags: ['sql', 'data', 'reporting'],
    details: {
      category: 'Data',
      promptText: `These are the tables I have (PostgreSQL):
{{table_schema}}

Write a query that answers: {{question}}

Use explicit JOINs and clear aliases, one clause per line. Then explain the query in plain English and list any assumptions you made about the data.`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ['northwind'],
    title: 'Delay Notification to a Customer',
    description: 'A consistent, honest delay notice from the shipment facts.',
    status: 'published',
    tags: ['logistics', 'customer-service', 'email'],
    details: {
      category: 'Customer service',
      promptText: `Write a short delay notification to {{customer_name}} about shipment {{shipment_id}}.
Reason for the delay: {{reason}}
New estimated delivery: {{new_eta}}

Tone: apologetic but factual. Include what we are doing about it and when they will hear from us next. Under 120 words, no jargon, no promises beyond the new estimate.`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ['contoso'],
    title: 'Plain-Language Patient Instructions',
    description: 'Rewrite approved instructions at a chosen reading level without changing clinical content.',
    status: 'published',
    tags: ['healthcare', 'plain-language'],
    details: {
      category: 'Writing',
      promptText: `Rewrite these approved patient instructions for a reading level of {{reading_level}}:
"""
{{instructions}}
"""

Keep every time, dose, quantity and warning unchanged. Use short sentences, "you", and a numbered list for steps. After the rewrite, list anything that looked ambiguous so a clinician can check it. Do not add any advice.`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ALL,
    title: 'Decision Matrix for Options',
    description: 'Compare options against weighted criteria and get a recommendation with its trade-offs.',
    status: 'published',
    tags: ['analysis', 'decisions'],
    details: {
      category: 'Analysis',
      promptText: `I need to decide: {{decision}}
Options: {{options}}
Criteria and weights: {{criteria}}

Build a decision matrix as a table, scoring each option 1–5 per criterion with a one-line justification, and compute weighted totals. Then give a recommendation, the main trade-off, and what information would change the answer.`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ['fabrikam'],
    title: 'Campaign Concept Generator',
    description: 'Ten distinct campaign concepts for a product and channel, from safe to bold.',
    status: 'published',
    tags: ['creative', 'marketing', 'ideas'],
    details: {
      category: 'Creative',
      promptText: `Generate 10 campaign concepts for {{product}}, aimed at {{audience}}, for {{channel}}.

For each: a title, a one-line idea, and a sample headline. Order them from safest to boldest. Avoid clichés common in the genre and anything that relies on real people's likenesses.`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ['contoso', 'fabrikam'],
    title: 'Structured Interview Question Set',
    description: 'Fair, consistent interview questions with what a strong answer looks like.',
    status: 'published',
    tags: ['hiring', 'hr'],
    details: {
      category: 'HR',
      promptText: `Create a structured interview for a {{seniority}} {{role_title}}.

Give 8 questions: 5 behavioural, 3 role-specific. For each, add what a strong answer includes and one follow-up question. Avoid questions about age, family, health, religion or nationality. Finish with a simple 1–4 scoring guide.`,
    },
  },
  {
    kind: 'prompt',
    assignTo: ALL,
    title: 'Weekly Status Update',
    description: 'A crisp weekly update from your rough notes: wins, blockers, next steps.',
    status: 'published',
    tags: ['reporting', 'planning', 'writing'],
    details: {
      category: 'Planning',
      promptText: `Write my weekly status update for {{audience}}.

Wins: {{wins}}
Blockers: {{blockers}}
Next week: {{next_steps}}

Format: three short sections with bullets, under 150 words in total. Put anything that needs a decision from the reader at the top, in bold.`,
    },
  },
];

const automations: DemoItem<'automation'>[] = [
  {
    kind: 'automation',
    assignTo: ALL,
    title: 'Daily AI News Digest to Slack',
    description: 'Every morning, collects AI news from a few trusted feeds, summarises the five most relevant items and posts them to a Slack channel.',
    status: 'published',
    tags: ['slack', 'news', 'n8n'],
    details: {
      workflowUrl: 'https://automations.aigym.example/workflow/ai-news-digest',
      requiredTools: ['n8n', 'OpenAI', 'Slack', 'RSS'],
      toolDescription: 'n8n reads RSS feeds on a schedule, an LLM step ranks and summarises the items, and the result is posted to Slack.',
      setupInstructions: `1. Open the workflow link and choose "Import into my n8n".
2. In the RSS Read node, keep the default feeds or add your own (one per line).
3. Add your OpenAI credential to the "Summarise" node.
4. Connect Slack and choose the channel, e.g. #ai-learning.
5. Set the Schedule Trigger to 08:30 on weekdays.
6. Run once manually to check the message, then activate the workflow.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ['northwind', 'contoso'],
    title: 'Summarise New Support Tickets',
    description: 'When a ticket arrives, an AI step writes a two-line summary, a category and an urgency, and posts it to the team channel.',
    status: 'published',
    tags: ['support', 'triage', 'zapier'],
    details: {
      workflowUrl: 'https://zapier.com/shared/summarise-new-support-tickets/8c1f2e7a4b9d',
      requiredTools: ['Zapier', 'Zendesk', 'OpenAI', 'Slack'],
      toolDescription: 'A Zap triggered by new Zendesk tickets, with a ChatGPT step for summary and classification and a Slack message.',
      setupInstructions: `1. Open the shared Zap and click "Try this template".
2. Connect your Zendesk account and choose the view to watch.
3. Connect OpenAI; keep the prompt but edit the category list to match yours.
4. Add a filter so only tickets without personal health data are summarised.
5. Connect Slack and choose the triage channel.
6. Test with a sample ticket, then turn the Zap on.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ['northwind'],
    title: 'Shipment Delay Alert with Drafted Customer Email',
    description: 'Watches the daily exceptions sheet; for each new delay it drafts a customer email in Gmail for a human to review and send.',
    status: 'published',
    tags: ['logistics', 'email', 'n8n'],
    details: {
      workflowUrl: 'https://automations.aigym.example/workflow/shipment-delay-drafts',
      requiredTools: ['n8n', 'Google Sheets', 'OpenAI', 'Gmail'],
      toolDescription: 'New rows in the exceptions sheet trigger an LLM draft that is saved to Gmail as a draft, never sent automatically.',
      setupInstructions: `1. Import the workflow into your n8n.
2. Point the Google Sheets trigger at the exceptions sheet; columns needed: shipment_id, customer_email, reason, new_eta.
3. Add your OpenAI credential and review the prompt in the "Draft email" node.
4. Connect the shared customer-service Gmail account.
5. Run on yesterday's rows to check the drafts.
6. Activate, and agree in the team who reviews drafts each morning.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ALL,
    title: 'Meeting Transcript to Action Items in Notion',
    description: 'After each recorded meeting, extracts decisions and action items from the transcript and adds them to a Notion database.',
    status: 'published',
    tags: ['meetings', 'notion', 'make'],
    details: {
      workflowUrl: 'https://eu1.make.com/public/shared-scenario/Qm4vT9xK2pL/meeting-transcript-to-action-items',
      requiredTools: ['Make', 'Zoom', 'OpenAI', 'Notion'],
      toolDescription: 'A Make scenario that fetches Zoom transcripts, asks an LLM for decisions and actions as JSON, and creates Notion items.',
      setupInstructions: `1. Open the shared scenario and click "Copy scenario".
2. Connect Zoom (cloud recording with transcripts must be on).
3. Connect OpenAI; the prompt already asks for JSON with owner and due date.
4. Connect Notion and map the fields to your actions database.
5. Run once on a past meeting, check the items, then schedule the scenario.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ['northwind'],
    title: 'Invoice Data Extraction to Xero',
    description: 'Reads supplier invoices dropped into a folder, extracts the key fields and creates draft bills in Xero for approval.',
    status: 'published',
    tags: ['finance', 'documents', 'make'],
    details: {
      workflowUrl: 'https://eu1.make.com/public/shared-scenario/Rz8nW3cJ5hD/invoice-extraction-to-xero',
      requiredTools: ['Make', 'Google Drive', 'OpenAI', 'Xero'],
      toolDescription: 'Extraction with an LLM plus validation rules (totals, VAT, supplier match); bills are created as drafts only.',
      setupInstructions: `1. Copy the scenario into your Make organisation.
2. Connect Google Drive and choose the "Invoices inbox" folder.
3. Connect OpenAI and Xero.
4. Review the validation router: mismatched totals go to a review sheet instead of Xero.
5. Test with five past invoices and compare every field.
6. Schedule every 30 minutes during office hours.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ALL,
    title: 'Inbox Triage and Labelling',
    description: 'Labels incoming email by topic and urgency and drafts quick replies for routine requests, so the inbox is sorted before you open it.',
    status: 'published',
    tags: ['email', 'productivity', 'zapier'],
    details: {
      workflowUrl: 'https://zapier.com/shared/inbox-triage-and-labelling/3f9a7c21d0e4',
      requiredTools: ['Zapier', 'Gmail', 'OpenAI'],
      toolDescription: 'A Zap on new Gmail messages classifies them with an LLM, applies labels and optionally creates reply drafts.',
      setupInstructions: `1. Use the shared Zap link and click "Try this template".
2. Connect Gmail and create the labels: Action, FYI, Routine, Urgent.
3. Connect OpenAI and adjust the classification prompt to your role.
4. Leave "create draft reply" off for the first week.
5. Turn the Zap on and review the labels daily for a week before trusting them.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ['contoso'],
    title: 'Plain-Language Appointment Reminders',
    description: 'Rewrites appointment reminder templates in plain language and sends them by SMS, with clinic-approved wording locked.',
    status: 'published',
    tags: ['healthcare', 'sms', 'n8n'],
    details: {
      workflowUrl: 'https://automations.aigym.example/workflow/plain-language-reminders',
      requiredTools: ['n8n', 'OpenAI', 'Twilio'],
      toolDescription: 'The LLM only rewrites the template once for approval; individual reminders are filled from the approved template, so no patient data reaches the model.',
      setupInstructions: `1. Import the workflow into the clinic n8n instance.
2. Paste your current reminder template into the "Template" node and run the rewrite step.
3. Send the rewritten template to the patient-communications lead for approval.
4. Paste the approved text into the "Approved template" node.
5. Connect Twilio and the appointments export.
6. Test with staff phone numbers, then activate.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ['contoso'],
    title: 'Policy Library Q&A Index Refresh',
    description: 'Nightly re-indexing of the policy library so the Q&A assistant always answers from the current versions.',
    status: 'published',
    tags: ['rag', 'policy', 'n8n'],
    details: {
      workflowUrl: 'https://automations.aigym.example/workflow/policy-index-refresh',
      requiredTools: ['n8n', 'SharePoint', 'OpenAI', 'PostgreSQL'],
      toolDescription: 'Changed documents are split into passages, embedded and stored in a pgvector table used for retrieval.',
      setupInstructions: `1. Import the workflow and connect SharePoint with read-only access to the Policies library.
2. Create the pgvector table with the SQL in the "Setup" note.
3. Add the OpenAI credential for embeddings.
4. Run a full index once (it may take a few minutes).
5. Schedule the nightly run at 02:00.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ['fabrikam'],
    title: 'Social Post Variations from a Campaign Brief',
    description: 'From a brief in Airtable, drafts post variations per channel for the marketing team to pick, edit and schedule.',
    status: 'published',
    tags: ['marketing', 'social', 'make'],
    details: {
      workflowUrl: 'https://eu1.make.com/public/shared-scenario/Lp2sY6vB8nQ/social-post-variations',
      requiredTools: ['Make', 'Airtable', 'OpenAI', 'Buffer'],
      toolDescription: 'Generates three variations per channel with character limits respected; nothing is published without a person approving it in Buffer.',
      setupInstructions: `1. Copy the scenario and connect Airtable (Campaigns base).
2. Mark a campaign "Ready for drafts" to trigger the scenario.
3. Connect OpenAI; edit the voice guidelines in the prompt module.
4. Connect Buffer; drafts land in the queue as "Awaiting approval".
5. Review and edit in Buffer before scheduling.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ['fabrikam'],
    title: 'Automatic Tagging for New Art Uploads',
    description: 'Describes and tags new reference and concept images uploaded to Dropbox, so the team can search the library by content.',
    status: 'published',
    tags: ['assets', 'search', 'n8n'],
    details: {
      workflowUrl: 'https://automations.aigym.example/workflow/asset-auto-tagging',
      requiredTools: ['n8n', 'Dropbox', 'OpenAI', 'Airtable'],
      toolDescription: 'A vision-capable model writes a short description and tags; the record is stored in Airtable next to the file link.',
      setupInstructions: `1. Import the workflow and connect Dropbox to the "Reference" folder only.
2. Add the OpenAI credential (a vision-capable model).
3. Connect Airtable and map description, tags and file link.
4. Run on a test folder of ten images and check the tags.
5. Activate; tags can be corrected in Airtable and are never overwritten.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ['contoso', 'fabrikam'],
    title: 'Weekly Team Status Roll-Up',
    description: "Collects everyone's Friday check-in from a form and posts one concise team summary with blockers highlighted.",
    status: 'published',
    tags: ['reporting', 'slack', 'zapier'],
    details: {
      workflowUrl: 'https://zapier.com/shared/weekly-team-status-roll-up/b72e4d9c1a05',
      requiredTools: ['Zapier', 'Google Forms', 'OpenAI', 'Slack'],
      toolDescription: 'Form responses are collected through the week; on Friday afternoon an LLM writes the roll-up and posts it to Slack.',
      setupInstructions: `1. Make a copy of the check-in form (wins, blockers, next week).
2. Open the shared Zap and connect Google Forms and the response sheet.
3. Connect OpenAI; the prompt highlights blockers first.
4. Connect Slack and pick the team channel.
5. Set the schedule to Friday 16:00 and turn the Zap on.`,
    },
  },
  {
    kind: 'automation',
    assignTo: ['fabrikam'],
    title: 'CRM Lead Enrichment',
    description: 'Enriches new publisher and partner leads in HubSpot with a short company summary and suggested next step. In testing.',
    status: 'draft',
    tags: ['crm', 'sales', 'zapier'],
    details: {
      workflowUrl: 'https://zapier.com/shared/crm-lead-enrichment/5d0c8b3e6f17',
      requiredTools: ['Zapier', 'HubSpot', 'OpenAI'],
      toolDescription: 'New HubSpot contacts trigger an LLM summary from the company website text; results go to a note, never to email.',
      setupInstructions: `1. Open the shared Zap and connect HubSpot.
2. Connect OpenAI and review the summary prompt.
3. Test on five existing leads and check the notes for accuracy.
4. Turn on for new leads only.`,
    },
  },
];

const exercises: DemoItem<'exercise'>[] = [
  {
    kind: 'exercise',
    assignTo: ['northwind', 'fabrikam'],
    title: 'Workout: Summarise a Customer Complaint',
    description: 'Practise writing a prompt that turns a long, angry customer email into a summary a support lead can act on in a minute.',
    status: 'published',
    tags: ['customer service', 'prompting', 'workout'],
    details: {
      brief: `A customer has sent a 600-word email about a delayed pallet delivery, two wrong invoices and a rude driver. Your support lead has one minute to read it.

Practise with the Customer Reply Drafter, then submit the final prompt you would use to get an assistant to summarise emails like this one.`,
      practiceAgentId: null,
      rubric: [
        { id: 'audience', title: 'Names the audience and purpose', description: 'Says the summary is for the support lead, who needs to decide the next action quickly.', weight: 3 },
        { id: 'format', title: 'Asks for a usable format', description: 'Requests bullet points or a short table with a word limit, issues listed separately.', weight: 2 },
        { id: 'facts', title: 'Keeps the facts straight', description: 'Asks for order numbers, dates and amounts to be quoted exactly, and for nothing to be invented.', weight: 2 },
        { id: 'tone', title: 'Flags tone and urgency', description: 'Asks the assistant to note the customer tone and how urgent a reply is.', weight: 1 },
      ],
      passMark: 65,
      maxAttempts: 5,
      evaluatorInstructions: 'A prompt that only says "summarise this" scores low on every criterion. Reward explicit word limits.',
      ...demoScoring['Workout: Summarise a Customer Complaint'],
    },
  },
  {
    kind: 'exercise',
    assignTo: ALL,
    title: 'Workout: Meeting Notes to Action List',
    description: 'Turn messy meeting notes into a clear list of decisions and actions with owners and dates.',
    status: 'published',
    tags: ['meetings', 'productivity', 'workout'],
    details: {
      brief: `You have rough notes from a 45-minute project meeting. Write the prompt you would give an assistant so it returns the decisions made and every action with its owner and due date.

Use the Meeting Notes Summariser to practise, then submit your final prompt.`,
      practiceAgentId: null,
      rubric: [
        { id: 'actions', title: 'Asks for actions with owners and dates', description: 'Each action item must name an owner and a due date, or say that one is missing.', weight: 3 },
        { id: 'decisions', title: 'Separates decisions from discussion', description: 'Lists the decisions made separately from open questions and discussion.', weight: 2 },
        { id: 'accuracy', title: 'Guards against invention', description: 'Tells the assistant not to invent owners, dates or decisions that are not in the notes.', weight: 2 },
      ],
      passMark: 60,
      maxAttempts: null,
      evaluatorInstructions: '',
      ...demoScoring['Workout: Meeting Notes to Action List'],
    },
  },
];

/** Which agent each demo exercise is practised with (by title: ids exist only once loaded). */
export const demoPracticeAgents: Record<string, string> = {
  'Workout: Summarise a Customer Complaint': 'Customer Reply Drafter',
  'Workout: Meeting Notes to Action List': 'Meeting Notes Summariser',
};

export interface DemoAttempt {
  email: string;
  exercise: string;
  /** What they say in the practice conversation before submitting. */
  practice: string;
  answer: string;
  share?: boolean;
}

/** Scored attempts, evaluated by the offline evaluator as the seed loads them (so scores are real). */
export const demoAttempts: DemoAttempt[] = [
  {
    email: 'ana@northwind.example',
    exercise: 'Workout: Summarise a Customer Complaint',
    practice: 'Summarise this complaint email for me.',
    answer: 'Summarise this customer email.',
  },
  {
    email: 'ana@northwind.example',
    exercise: 'Workout: Summarise a Customer Complaint',
    practice: 'Draft a summary for the support lead with bullet points please.',
    answer:
      'Summarise this customer email for the support lead, who must decide the next action quickly. Use at most five bullet points and a 80-word limit, one issue per bullet. Quote order numbers, dates and amounts exactly and do not invent anything. End with the customer tone and how urgent a reply is.',
    share: true,
  },
  {
    email: 'ben@northwind.example',
    exercise: 'Workout: Summarise a Customer Complaint',
    practice: 'What should a good summary of a complaint include?',
    answer: 'Write a short summary of this email for the support lead in bullet points, keeping the dates and order numbers exact.',
  },
  {
    email: 'chloe@northwind.example',
    exercise: 'Workout: Meeting Notes to Action List',
    practice: 'Here are my meeting notes, what were the actions?',
    answer:
      'From these meeting notes, list every action with its owner and due date; if an owner or date is missing, say so. List decisions separately from open questions and discussion. Do not invent owners, dates or decisions that are not in the notes.',
  },
  {
    email: 'priya@contoso.example',
    exercise: 'Workout: Meeting Notes to Action List',
    practice: 'Can you turn notes into a to-do list?',
    answer: 'Turn these notes into a list of actions.',
  },
  {
    email: 'priya@contoso.example',
    exercise: 'Workout: Meeting Notes to Action List',
    practice: 'I need the decisions separately too.',
    answer:
      'List the decisions made, separately from the discussion. Then list each action with an owner and a due date. Do not invent anything that is not in the notes.',
  },
];

export const demoContent: { [K in ContentKind]: DemoItem<K>[] } = {
  agent: agents,
  video: videos,
  document: documents,
  prompt: prompts,
  automation: automations,
  exercise: exercises,
};

export interface DemoProgram {
  title: string;
  description: string;
  sequential: boolean;
  dueDays: number | null;
  certificate: { enabled: boolean; validDays: number | null };
  /** Steps by content title, in order; every one must be assigned to each community below. */
  steps: Array<{ title: string; required: boolean }>;
  assignTo: readonly DemoCommunityKey[];
}

/** One published program: read, use a prompt, then pass the workout, within three weeks. */
export const demoPrograms: DemoProgram[] = [
  {
    title: 'Customer Summaries That Get Acted On',
    description: 'Learn the CRAFT checklist, use the audience prompt on a real email, then pass the complaint-summary workout. Certificate valid for a year.',
    sequential: true,
    dueDays: 21,
    certificate: { enabled: true, validDays: 365 },
    steps: [
      { title: 'Writing Prompts That Work: The CRAFT Checklist', required: true },
      { title: 'Summarise for a Specific Audience', required: true },
      { title: 'Workout: Summarise a Customer Complaint', required: true },
    ],
    assignTo: ['northwind', 'fabrikam'],
  },
];
