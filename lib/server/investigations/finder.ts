import 'server-only'
import type { Actor } from '../actor'
import { db } from '../db'
import { matchDog, type DogMatch } from '../dogs/match'
import { isId } from '../handlers/match'
import { can } from '../policy'
import { medicalReadableDogs } from './access'
import { EXAM_KINDS, EXAM_WINDOW_HOURS, rankCandidates } from './finder-rank'

export type FinderQuery = { dogId: string; from: Date; to: Date }

/**
 * The finder's dog: an id (a link, or the case's subject dog) or what the
 * detective typed, read as every typed dog is (lib/server/dogs/match.ts). A
 * deceased dog is still a subject of inquiry; an archived one never matches.
 * The message of a miss goes next to the field.
 */
export async function resolveFinderDog(actor: Actor, text: string): Promise<DogMatch> {
  if (!can(actor, 'dogs:read') || !can(actor, 'incidents:read')) return { ok: false, message: 'You may not read dogs’ deployments.' }
  const match = await matchDog(db, text)
  // An id that no longer answers (an old link, an archived dog): do not echo the id back.
  if (!match.ok && isId(text)) return { ok: false, message: 'That dog is no longer in the unit’s records. Enter a call name or K-9 number.' }
  return match
}

const MAX_CANDIDATES = 500

/**
 * The candidate-incident finder: the dog's deployments between `from` and
 * `to`, ranked by how likely they caused the injury, each with the reason and
 * a flag when an exposure was never followed by a vet exam within 72 h.
 * Null when the dog does not exist or the actor may not read dogs and
 * incidents. The gap check needs the dog's medical records: without medical
 * scope the candidates come back with `medicalVisible: false` and no gap claimed.
 */
export async function findCandidateDeployments(actor: Actor, { dogId, from, to }: FinderQuery) {
  if (!can(actor, 'dogs:read') || !can(actor, 'incidents:read')) return null
  if (!(from.getTime() < to.getTime())) return null
  const dog = await db.dog.findFirst({ where: { id: dogId, archivedAt: null }, select: { id: true, name: true, k9Number: true } })
  if (!dog) return null
  const medicalVisible = (await medicalReadableDogs(actor, [dog.id]))(dog.id)
  const [deployments, visits] = await Promise.all([
    db.deployment.findMany({
      where: { dogId: dog.id, deployedAt: { gte: from, lte: to }, incident: { archivedAt: null } },
      orderBy: { deployedAt: 'desc' },
      take: MAX_CANDIDATES,
      select: {
        id: true,
        deployedAt: true,
        task: true,
        outcome: true,
        exposures: true,
        exposureNotes: true,
        injuryObserved: true,
        injuryDescription: true,
        notes: true,
        handler: { select: { firstName: true, lastName: true } },
        incident: { select: { id: true, number: true, type: true, locationText: true } },
      },
    }),
    medicalVisible
      ? db.medicalRecord.findMany({
          where: { dogId: dog.id, archivedAt: null, kind: { in: [...EXAM_KINDS] }, occurredAt: { gte: from, lte: new Date(to.getTime() + EXAM_WINDOW_HOURS * 3_600_000) } },
          select: { occurredAt: true, kind: true },
          take: 2000,
        })
      : Promise.resolve(null),
  ])
  const candidates = rankCandidates(deployments, visits?.map((v) => ({ at: v.occurredAt, kind: v.kind })) ?? null)
  return { dog, from, to, medicalVisible, truncated: deployments.length === MAX_CANDIDATES, candidates }
}

export type FinderResult = NonNullable<Awaited<ReturnType<typeof findCandidateDeployments>>>
export type FinderCandidate = FinderResult['candidates'][number]
