// Who belongs to which party, with which roles. Comes from configuration (renkei.yml).
import type { Locale } from "./locale";

export const ROLES = ["staff", "liaison", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type Member = {
  userId: string;
  party: string;
  roles: Role[];
  locale?: Locale | undefined;
  name?: string | undefined;
};

export type Directory = {
  member(userId: string): Member | undefined;
  membersOf(party: string): Member[];
  all(): Member[];
};

export function hasRole(member: Member, ...roles: Role[]): boolean {
  return member.roles.some((r) => roles.includes(r));
}

export function liaisonsOf(directory: Directory, party: string): Member[] {
  return directory.membersOf(party).filter((m) => m.roles.includes("liaison"));
}
