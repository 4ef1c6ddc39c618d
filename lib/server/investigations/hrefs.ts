import 'server-only'

/** Where each kind of record is opened in the app (one place, so a moved route is one edit). */
export const recordHref = {
  incident: (id: string) => `/incidents/${id}`,
  deployment: (incidentId: string, deploymentId: string) => `/incidents/${incidentId}#deployment-${deploymentId}`,
  dog: (id: string) => `/dogs/${id}`,
  handler: (id: string) => `/handlers/${id}`,
  medicalRecord: (id: string) => `/medical/${id}`,
  attachment: (id: string) => `/attachments/${id}`,
  evidenceItem: (id: string) => `/evidence/${id}`,
  investigation: (id: string) => `/investigations/${id}`,
}
