/** Under CI a component a test needs (a database, a browser) that cannot be had fails the test instead of skipping it. */
export const underCi = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
