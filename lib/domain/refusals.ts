// Why a text is not a domain name, in words for the user. Kept apart from the parser (which
// carries the public suffix list) so that showing a reason costs no parsing code.
import type { NameRefusal } from '../protocol';
import { MAX_INPUT_LENGTH } from '../protocol/limits';

export type { NameRefusal } from '../protocol';

export type NameResult =
  | { ok: true; domain: string } // registrable domain, lower-case, Unicode form for IDNs
  | { ok: false; reason: NameRefusal };


const MESSAGES: Record<NameRefusal, { en: string; zh: string }> = {
  'empty': {
    en: 'Enter a domain name such as example.com.',
    zh: '请输入域名，例如 example.com。',
  },
  'too-long-input': {
    en: `The text is too long (over ${MAX_INPUT_LENGTH} characters): enter a single domain name such as example.com.`,
    zh: `输入内容过长（超过 ${MAX_INPUT_LENGTH} 个字符）：请只输入一个域名，例如 example.com。`,
  },
  'not-a-web-address': {
    en: 'This is not a web address: enter a domain name such as example.com.',
    zh: '这不是网址：请输入域名，例如 example.com。',
  },
  'ip-address': {
    en: 'An IP address has no transfer code: enter a domain name such as example.com.',
    zh: 'IP 地址没有转移码：请输入域名，例如 example.com。',
  },
  'single-label': {
    en: 'This name has no domain suffix: enter a full domain name such as example.com.',
    zh: '该名称缺少域名后缀：请输入完整的域名，例如 example.com。',
  },
  'public-suffix': {
    en: 'This is a domain suffix, not a domain: add the name in front, as in example.com.',
    zh: '这是域名后缀，不是域名：请在前面加上名称，例如 example.com。',
  },
  'unknown-suffix': {
    en: 'This domain suffix is not a known public one: check the spelling of the ending.',
    zh: '该域名后缀不是已知的公共后缀：请检查域名结尾的拼写。',
  },
  'label-too-long': {
    en: 'One part of this name is longer than 63 characters, which domain names do not allow.',
    zh: '该名称中有一段超过 63 个字符，域名不允许这样。',
  },
  'name-too-long': {
    en: 'This name is longer than 253 characters, which domain names do not allow.',
    zh: '该名称超过 253 个字符，域名不允许这样。',
  },
  'illegal-characters': {
    en: 'This name has characters a domain cannot contain: use letters, digits and hyphens only.',
    zh: '该名称含有域名中不允许的字符：只能使用字母、数字和连字符。',
  },
  'wildcard': {
    en: 'A wildcard (*) is not a domain: enter the domain itself, such as example.com.',
    zh: '通配符（*）不是域名：请输入域名本身，例如 example.com。',
  },
  'empty-label': {
    en: 'This name has an empty part between dots: remove the extra dot.',
    zh: '该名称的点之间有空段：请删除多余的点。',
  },
};

export function refusalMessage(reason: NameRefusal, lang: 'en' | 'zh'): string {
  return MESSAGES[reason][lang];
}
