/**
 * All of Mantine's CSS (layered, see ./login-styles.ts), imported by every lazily loaded page and
 * layout, so any component renders styled there. Vite emits it once, as a shared CSS chunk.
 */
import '@mantine/core/styles.layer.css';
import '@mantine/notifications/styles.layer.css';
