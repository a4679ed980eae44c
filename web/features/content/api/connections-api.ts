import { connectionSchema } from '../../../../contracts/ai.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { apiRequest } from '../../../lib/http/request.js';

/** The AI connections an agent may use (admins only; the editor is an admin screen). */
export const listAgentConnections = (signal?: AbortSignal) => apiRequest('/api/ai/connections', pageSchema(connectionSchema), signal ? { signal } : {});
