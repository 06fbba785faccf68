import { Role } from '@chengguo/common';

export interface DemoUser {
  userId: string;
  name: string;
  role: Role;
  /** What the user stands for in the demo, when the role alone does not say it (e.g. the TTO head). */
  note?: 'co_inventor' | 'tto_head' | 'audit_lead';
}

/**
 * The people of the development login page (AUTH_MODE=dev only): one or two per role, with the ids
 * the README and the tests use, so a newcomer can walk a disclosure through every hand.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { userId: 'li.lei', name: '李雷', role: 'inventor' },
  { userId: 'han.meimei', name: '韩梅梅', role: 'inventor', note: 'co_inventor' },
  { userId: 'wang.tto', name: '王涛', role: 'tto_officer' },
  { userId: 'zhou.tto', name: '周婷', role: 'tto_officer', note: 'tto_head' },
  { userId: 'eval.zhang', name: '张评', role: 'evaluator' },
  { userId: 'sun.leader', name: '孙校长', role: 'unit_leader' },
  { userId: 'zhou.legal', name: '周律', role: 'legal' },
  { userId: 'wu.finance', name: '吴财', role: 'finance' },
  { userId: 'zhao.audit', name: '赵审', role: 'auditor' },
  { userId: 'qian.lead', name: '钱审', role: 'auditor', note: 'audit_lead' },
  { userId: 'zheng.discipline', name: '郑纪', role: 'discipline_inspection' },
  { userId: 'feng.tour', name: '冯巡', role: 'inspection_tour' },
  { userId: 'chen.supervisor', name: '陈主管', role: 'supervisory_department' },
  { userId: 'zhao.member', name: '赵员', role: 'unit_member' },
];
