export const sandboxKeys = {
  all: ['sandbox'] as const,
  conversations: ['sandbox', 'conversations'] as const,
  conversationList: (q: string) => ['sandbox', 'conversations', 'list', q] as const,
  conversation: (id: string) => ['sandbox', 'conversations', 'detail', id] as const,
  messages: (id: string) => ['sandbox', 'messages', id] as const,
  agents: ['sandbox', 'agents'] as const,
  agent: (id: string) => ['sandbox', 'agents', id] as const,
  prompts: (q: string) => ['sandbox', 'prompts', q] as const,
  prompt: (id: string) => ['sandbox', 'prompt', id] as const,
};
