/** Something a known person did: a page view, a download, a webinar, a form, a demo request. */
export interface Activity {
  /** e.g. page_viewed, content_downloaded, webinar_attended, email_clicked, form_submitted, demo_requested */
  type: string;
  /** ISO 8601 instant. */
  occurred_at: string;
  url?: string;
  title?: string;
  form_id?: string;
  properties?: Record<string, string | number | boolean>;
}
