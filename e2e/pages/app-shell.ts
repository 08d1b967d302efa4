import { expect, type Locator, type Page } from "@playwright/test";

/** The header every signed-in page shares: main navigation, who is signed in, and sign out. */
export class AppShell {
  readonly nav: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole("navigation", { name: "Main" });
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
  }

  navLink(name: string): Locator {
    return this.nav.getByRole("link", { name, exact: true });
  }

  async signOut() {
    await this.signOutButton.click();
    await expect(this.page).toHaveURL(/\/sign-in(\?.*)?$/);
  }
}
