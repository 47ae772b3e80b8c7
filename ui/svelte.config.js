import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Component styles go to a CSS file, not injected <style> tags, so the
    // CSP can forbid inline styles.
    css: 'external',
  },
};
