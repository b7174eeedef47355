import { EX } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

const notification = {
  id: EX.notificationId,
  kind: 'access_job_finished',
  read: false,
  createdAt: EX.at,
  orgId: EX.agencyId,
  subject: { type: 'access_job', id: EX.jobId },
  summary: { operation: 'grant', status: 'done', total: 40, counts: { granted: 38, denied: 2 } },
};

/** In-app notifications (R-K2). */
export const notificationApiDocs: ApiDocs = {
  'GET /notifications': {
    operationId: 'listNotifications',
    summary: "The caller's notifications, newest first, with the unread count",
    description:
      "R-K2: a page of the caller's own notifications (`unread=true` for unread ones only) and `unread`, the bell's count. `summary` carries facts, never a sentence.",
    response: { items: [notification], total: 1, nextCursor: null, unread: 1 },
  },
  'POST /notifications/read-all': {
    operationId: 'markAllNotificationsRead',
    summary: 'Mark every notification read',
    description: 'R-K2: answers how many were marked.',
    response: { marked: 3 },
  },
  'POST /notifications/{id}/read': {
    operationId: 'markNotificationRead',
    summary: 'Mark one notification read',
    description: "R-K2: only the recipient's own notification; another account's (an operator's included) is 404.",
    errors: ['not_found'],
    response: { ...notification, read: true },
  },
};
