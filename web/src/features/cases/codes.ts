// The codes of the harmful-content register's platforms and kinds (their labels are i18n keys
// case.platform_<code> and case.category_<code>), shared by the register and the incident page.
export const casePlatforms = ['website', 'facebook', 'zalo', 'youtube', 'tiktok', 'telegram', 'other'];
export const caseCategories = ['fake_portal', 'impersonation', 'fake_news', 'fraud', 'defamation', 'other'];
